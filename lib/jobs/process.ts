/**
 * One part of a job, as a worker receives it. SQS delivers at least once and workers run
 * concurrently, so the part is idempotent: distribution writes the same keys, and a part that
 * has a result is not done again. A client mistake (a source deleted since submission) fails
 * the part at once; anything else is thrown for the queue to retry, and the last allowed
 * attempt records the failure before its message goes to the dead-letter queue.
 */
import { isPermanent } from '../errors.ts';
import { logger } from '../log.ts';
import { distribute, type DistributeDeps } from '../distribution/distribute.ts';
import { retract, type RetractDeps } from '../distribution/retract.ts';
import { parseMediaPackage, serializeElement, type MediaPackage } from '../mediapackage/index.ts';
import { JobStore } from './job-store.ts';
import { isJobId } from './ids.ts';
import type { Operation } from './model.ts';
import { partMediapackage, type PartMessage } from './parts.ts';

export interface ProcessDeps extends DistributeDeps, RetractDeps {
  settings: DistributeDeps['settings'] & RetractDeps['settings'] & { stateBucket: string };
}

export interface Delivery {
  /** SQS ApproximateReceiveCount of this delivery. */
  receiveCount: number;
  maxReceiveCount: number;
  /** How long this delivery stays invisible: after that, an unfinished attempt is over. */
  visibilityTimeoutMs: number;
}

/** A message no worker can ever process: fails its record without touching any job. */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

export function parsePartMessage(body: string): PartMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new PoisonMessageError('The message body is not JSON.');
  }
  const message = (value ?? {}) as Partial<PartMessage>;
  const { jobId, part } = message;
  if (typeof jobId !== 'string' || !isJobId(jobId) || !Number.isInteger(part) || (part as number) < 0) {
    throw new PoisonMessageError('The message is not {"jobId": "<id>", "part": <n>, …}.');
  }
  const carriesWork =
    typeof message.elements === 'string' &&
    (message.operation === 'Distribute' || message.operation === 'Retract') &&
    typeof message.channelId === 'string' &&
    typeof message.mediapackageId === 'string' &&
    typeof message.checkAvailability === 'boolean' &&
    typeof message.preserveReference === 'boolean';
  if (message.elements !== undefined && !carriesWork) throw new PoisonMessageError('The message carries elements but not the job it belongs to.');
  return message as PartMessage;
}

/** Finished payload of a part: each element's XML by id, so the job can be assembled in requested order. */
export interface PartPayload {
  elements: { id: string; xml: string }[];
}

interface PartWork {
  operation: Operation;
  channelId: string;
  mediapackage: MediaPackage;
  elementIds: string[];
  checkAvailability: boolean;
  preserveReference: boolean;
}

/** What to do: from the message itself, or (when its elements did not fit in it) from the job record. */
async function loadWork(jobs: JobStore, message: PartMessage): Promise<PartWork> {
  if (message.elements !== undefined) {
    const mediapackage = partMediapackage(message.mediapackageId, message.elements);
    return { ...message, mediapackage, elementIds: mediapackage.elements.map((element) => element.id) };
  }
  const record = await jobs.loadRecord(message.jobId);
  if (!record) throw new PoisonMessageError(`Job ${message.jobId} does not exist.`);
  const elementIds = record.parts[message.part];
  if (!elementIds) throw new PoisonMessageError(`Job ${message.jobId} has no part ${message.part}.`);
  return { ...record, mediapackage: parseMediaPackage(record.mediapackage), elementIds };
}

export async function processPart(deps: ProcessDeps, message: PartMessage, delivery: Delivery, now = Date.now): Promise<void> {
  const jobs = new JobStore(deps.store, deps.settings.stateBucket);
  const { jobId, part } = message;
  const work = await loadWork(jobs, message);
  if (await jobs.hasResult(jobId, part)) {
    logger.info('Part already done; duplicate delivery ignored', { jobId, part });
    return;
  }
  await jobs.markStarted(jobId, part, now());
  const lastAttempt = delivery.receiveCount >= delivery.maxReceiveCount;
  if (lastAttempt) await jobs.markFinalAttempt(jobId, part, now() + delivery.visibilityTimeoutMs);

  try {
    const payload = await runPart(deps, work);
    await jobs.recordResult(jobId, part, 'FINISHED', JSON.stringify(payload), now());
    logger.info('Part finished', { jobId, part, elements: work.elementIds.length });
  } catch (error) {
    const reason = `${work.operation === 'Distribute' ? 'Distributing' : 'Retracting'} ${describeIds(work.elementIds)} failed: ${(error as Error).message}`;
    if (isPermanent(error)) {
      await jobs.recordResult(jobId, part, 'FAILED', reason, now());
      logger.warn('Part failed', { jobId, part, reason });
      return;
    }
    if (lastAttempt) {
      await jobs.recordResult(jobId, part, 'FAILED', `${reason} (gave up after ${delivery.receiveCount} attempts)`, now());
      logger.error('Part failed on its last attempt; the message goes to the dead-letter queue', { jobId, part, reason });
    }
    throw error;
  }
}

async function runPart(deps: ProcessDeps, work: PartWork): Promise<PartPayload> {
  const request = { mediapackage: work.mediapackage, channelId: work.channelId, elementIds: work.elementIds };
  const elements =
    work.operation === 'Distribute'
      ? await distribute(deps, { ...request, checkAvailability: work.checkAvailability, preserveReference: work.preserveReference })
      : await retract(deps, request);
  return { elements: elements.map((element) => ({ id: element.id, xml: serializeElement(element) })) };
}

function describeIds(ids: string[]): string {
  const quoted = ids.slice(0, 5).map((id) => `"${id}"`);
  return `element${ids.length === 1 ? '' : 's'} ${quoted.join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`;
}
