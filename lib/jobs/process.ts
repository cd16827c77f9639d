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
import { parseMediaPackage, serializeElement } from '../mediapackage/index.ts';
import { JobStore } from './job-store.ts';
import { isJobId } from './ids.ts';
import type { JobRecord } from './model.ts';
import type { PartMessage } from './submit.ts';

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
  const { jobId, part } = (value ?? {}) as Partial<PartMessage>;
  if (typeof jobId !== 'string' || !isJobId(jobId) || !Number.isInteger(part) || (part as number) < 0) {
    throw new PoisonMessageError('The message is not {"jobId": "<id>", "part": <n>}.');
  }
  return { jobId, part: part as number };
}

/** Finished payload of a part: each element's XML by id, so the job can be assembled in requested order. */
export interface PartPayload {
  elements: { id: string; xml: string }[];
}

export async function processPart(deps: ProcessDeps, message: PartMessage, delivery: Delivery, now = Date.now): Promise<void> {
  const jobs = new JobStore(deps.store, deps.settings.stateBucket);
  const { jobId, part } = message;
  const record = await jobs.loadRecord(jobId);
  if (!record) throw new PoisonMessageError(`Job ${jobId} does not exist.`);
  const elementIds = record.parts[part];
  if (!elementIds) throw new PoisonMessageError(`Job ${jobId} has no part ${part}.`);
  if (await jobs.hasResult(jobId, part)) {
    logger.info('Part already done; duplicate delivery ignored', { jobId, part });
    return;
  }
  await jobs.markStarted(jobId, part, now());
  const lastAttempt = delivery.receiveCount >= delivery.maxReceiveCount;
  if (lastAttempt) await jobs.markFinalAttempt(jobId, part, now() + delivery.visibilityTimeoutMs);

  try {
    const payload = await runPart(deps, record, elementIds);
    await jobs.recordResult(jobId, part, 'FINISHED', JSON.stringify(payload), now());
    logger.info('Part finished', { jobId, part, elements: elementIds.length });
  } catch (error) {
    const reason = `${record.operation === 'Distribute' ? 'Distributing' : 'Retracting'} ${describeIds(elementIds)} failed: ${(error as Error).message}`;
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

async function runPart(deps: ProcessDeps, record: JobRecord, elementIds: string[]): Promise<PartPayload> {
  const mediapackage = parseMediaPackage(record.mediapackage);
  const request = { mediapackage, channelId: record.channelId, elementIds };
  const elements =
    record.operation === 'Distribute'
      ? await distribute(deps, { ...request, checkAvailability: record.checkAvailability, preserveReference: record.preserveReference })
      : await retract(deps, request);
  return { elements: elements.map((element) => ({ id: element.id, xml: serializeElement(element) })) };
}

function describeIds(ids: string[]): string {
  const quoted = ids.slice(0, 5).map((id) => `"${id}"`);
  return `element${ids.length === 1 ? '' : 's'} ${quoted.join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`;
}
