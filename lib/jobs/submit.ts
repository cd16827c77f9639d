/**
 * POST / and POST /retract: validate exactly as the sync routes do (a bad request creates no
 * job), record the job, then queue its parts (lib/jobs/parts.ts) so concurrent workers share it.
 */
import { ServiceUnavailableError } from '../errors.ts';
import { logger } from '../log.ts';
import { planDistribution, type DistributeDeps, type DistributeRequest } from '../distribution/distribute.ts';
import { validateRetract, type RetractRequest, type RetractSettings } from '../distribution/retract.ts';
import type { JobQueue, ObjectStore } from '../ports.ts';
import { newJobId } from './ids.ts';
import { packParts, partElements, serializeRequested, type PartMessage } from './parts.ts';
import { JobStore } from './job-store.ts';
import type { JobRecord, Operation } from './model.ts';

export interface SubmitDeps extends DistributeDeps {
  store: ObjectStore;
  queue: JobQueue;
  settings: DistributeDeps['settings'] & RetractSettings & { stateBucket: string };
}

const ID_ATTEMPTS = 5;

export async function submitDistribution(deps: SubmitDeps, request: DistributeRequest, mediapackageXml: string, creator: string): Promise<JobRecord> {
  const plan = await planDistribution(deps, request);
  const groups = plan.groups.map((group) => ({
    elementIds: group.map((index) => plan.steps[index]!.target.location.elementId),
    size: group.length === 1 ? plan.steps[group[0]!]!.size : undefined,
  }));
  const xml = serializeRequested(request.mediapackage, request.channelId, request.elementIds);
  return submit(deps, 'Distribute', request, mediapackageXml, creator, packParts(groups, byteLength(xml)), xml);
}

export async function submitRetraction(deps: SubmitDeps, request: RetractRequest, mediapackageXml: string, creator: string): Promise<JobRecord> {
  validateRetract(deps.settings, request);
  // Retraction deletes a prefix whatever the file size: every element counts as small.
  const xml = serializeRequested(request.mediapackage, request.channelId, request.elementIds);
  const parts = packParts(request.elementIds.map((id) => ({ elementIds: [id], size: 0 })), byteLength(xml));
  return submit(deps, 'Retract', { ...request, checkAvailability: false, preserveReference: false }, mediapackageXml, creator, parts, xml);
}

function byteLength(xmlById: Map<string, string>): (elementId: string) => number {
  return (elementId) => Buffer.byteLength(xmlById.get(elementId) ?? '');
}

async function submit(
  deps: SubmitDeps,
  operation: Operation,
  request: DistributeRequest,
  mediapackageXml: string,
  creator: string,
  parts: string[][],
  xmlById: Map<string, string>,
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
  const messages = parts.map((elementIds, part) => {
    const body: PartMessage = {
      jobId,
      part,
      operation,
      channelId: request.channelId,
      mediapackageId: request.mediapackage.id,
      checkAvailability: request.checkAvailability,
      preserveReference: request.preserveReference,
      elements: partElements(xmlById, elementIds),
    };
    return { id: String(part), body: JSON.stringify(body) };
  });
  await deps.queue.send(messages);
  logger.info('Job queued', { jobId, operation, mediapackageId: request.mediapackage.id, parts: parts.length });
  return record;
}
