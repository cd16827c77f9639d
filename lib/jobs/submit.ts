/**
 * POST / and POST /retract: validate exactly as the sync routes do (a bad request creates no
 * job), record the job, then queue one message per part so concurrent workers share it.
 */
import { ServiceUnavailableError } from '../errors.ts';
import { logger } from '../log.ts';
import { planDistribution, type DistributeDeps, type DistributeRequest } from '../distribution/distribute.ts';
import { validateRetract, type RetractRequest, type RetractSettings } from '../distribution/retract.ts';
import type { JobQueue, ObjectStore } from '../ports.ts';
import { newJobId } from './ids.ts';
import { JobStore } from './job-store.ts';
import type { JobRecord, Operation } from './model.ts';

export interface SubmitDeps extends DistributeDeps {
  store: ObjectStore;
  queue: JobQueue;
  settings: DistributeDeps['settings'] & RetractSettings & { stateBucket: string };
}

export interface PartMessage {
  jobId: string;
  part: number;
}

const ID_ATTEMPTS = 5;

export async function submitDistribution(deps: SubmitDeps, request: DistributeRequest, mediapackageXml: string, creator: string): Promise<JobRecord> {
  const plan = await planDistribution(deps, request);
  const parts = plan.groups.map((group) => group.map((index) => plan.steps[index]!.target.location.elementId));
  return submit(deps, 'Distribute', request, mediapackageXml, creator, parts);
}

export async function submitRetraction(deps: SubmitDeps, request: RetractRequest, mediapackageXml: string, creator: string): Promise<JobRecord> {
  validateRetract(deps.settings, request);
  const parts = request.elementIds.map((id) => [id]);
  return submit(deps, 'Retract', { ...request, checkAvailability: false, preserveReference: false }, mediapackageXml, creator, parts);
}

async function submit(
  deps: SubmitDeps,
  operation: Operation,
  request: DistributeRequest,
  mediapackageXml: string,
  creator: string,
  parts: string[][],
): Promise<JobRecord> {
  const jobs = new JobStore(deps.store, deps.settings.stateBucket);
  let record: JobRecord | undefined;
  for (let attempt = 0; attempt < ID_ATTEMPTS && !record; attempt++) {
    const candidate: JobRecord = {
      id: newJobId(),
      operation,
      organization: deps.settings.organization,
      creator,
      dateCreated: new Date().toISOString(),
      channelId: request.channelId,
      mediapackage: mediapackageXml,
      elementIds: request.elementIds,
      checkAvailability: request.checkAvailability,
      preserveReference: request.preserveReference,
      parts,
    };
    if (await jobs.create(candidate)) record = candidate;
  }
  if (!record) throw new ServiceUnavailableError('No free job id was found; please retry.');
  const jobId = record.id;
  await deps.queue.send(parts.map((_, part) => ({ id: String(part), body: JSON.stringify({ jobId, part } satisfies PartMessage) })));
  logger.info('Job queued', { jobId, operation, mediapackageId: request.mediapackage.id, parts: parts.length });
  return record;
}
