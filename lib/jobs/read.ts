/** GET /jobs/{id}: the job with its status derived from what the workers have recorded. */
import { NotFoundError } from '../errors.ts';
import type { ObjectStore } from '../ports.ts';
import { isJobId } from './ids.ts';
import { JobStore } from './job-store.ts';
import { deriveJob } from './model.ts';
import type { JobDocument } from './format.ts';
import type { PartPayload } from './process.ts';

export interface ReadJobDeps {
  store: ObjectStore;
  settings: { stateBucket: string };
}

export async function readJob(deps: ReadJobDeps, id: string, jobUrl: string, now = Date.now()): Promise<JobDocument> {
  const jobs = new JobStore(deps.store, deps.settings.stateBucket);
  const record = isJobId(id) ? await jobs.loadRecord(id) : undefined;
  if (!record) throw new NotFoundError(`There is no job with the id "${id}".`);
  const view = deriveJob(record, await jobs.loadState(id), now);
  const doc: JobDocument = {
    record,
    status: view.status,
    version: view.version,
    url: jobUrl,
    dateStarted: view.dateStarted,
    dateCompleted: view.dateCompleted,
  };
  if (view.status === 'FINISHED') {
    const bodies = await Promise.all(view.resultKeys.map((key) => jobs.readBody(key)));
    const xmlById = new Map(bodies.flatMap((body) => (JSON.parse(body) as PartPayload).elements.map((e) => [e.id, e.xml] as const)));
    doc.payload = record.elementIds.map((elementId) => xmlById.get(elementId) ?? '').filter(Boolean).join('###');
  } else if (view.status === 'FAILED') {
    doc.failureReason = view.silentFailure
      ? `The last attempt at elements ${JSON.stringify(record.parts[view.silentFailure.part])} ended without finishing (the worker crashed or timed out); its message is in the dead-letter queue.`
      : await jobs.readBody(view.resultKeys[0]!);
  }
  return doc;
}
