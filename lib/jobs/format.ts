/**
 * A job as Opencast's JaxbJob serializes it (root `job` in http://job.opencastproject.org),
 * so Opencast's own clients can poll us; and the same fields as JSON.
 */
import { JOB_TYPE, type JobRecord, type JobStatus } from './model.ts';

export interface JobDocument {
  record: JobRecord;
  status: JobStatus;
  version: number;
  /** This job's own `/jobs/{id}.xml`. */
  url: string;
  dateStarted?: string;
  dateCompleted?: string;
  /** The element array, once FINISHED. */
  payload?: string;
  /** Why, once FAILED. */
  failureReason?: string;
}

export const JOB_NAMESPACE = 'http://job.opencastproject.org';

/** Opencast's job arguments: channel, mediapackage, element ids as JSON, then the Distribute flags. */
export function jobArguments(record: JobRecord): string[] {
  const args = [record.channelId, record.mediapackage, JSON.stringify(record.elementIds)];
  if (record.operation === 'Distribute') args.push(String(record.checkAvailability), String(record.preserveReference));
  return args;
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function timing(doc: JobDocument): { queueTime?: number; runTime?: number } {
  const created = Date.parse(doc.record.dateCreated);
  const started = doc.dateStarted ? Date.parse(doc.dateStarted) : undefined;
  const completed = doc.dateCompleted ? Date.parse(doc.dateCompleted) : undefined;
  return {
    queueTime: started !== undefined ? Math.max(0, started - created) : undefined,
    runTime: started !== undefined && completed !== undefined ? Math.max(0, completed - started) : undefined,
  };
}

export function jobToXml(doc: JobDocument): string {
  const { record } = doc;
  const element = (name: string, value: string | number | undefined) =>
    value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
  const { queueTime, runTime } = timing(doc);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<job xmlns="${JOB_NAMESPACE}" id="${record.id}" version="${doc.version}" type="${JOB_TYPE}" status="${doc.status}">` +
    element('creator', record.creator) +
    element('organization', record.organization) +
    element('url', doc.url) +
    element('operation', record.operation) +
    `<args>${jobArguments(record).map((arg) => element('arg', arg)).join('')}</args>` +
    element('dateCreated', record.dateCreated) +
    element('dateStarted', doc.dateStarted) +
    element('dateCompleted', doc.dateCompleted) +
    element('queueTime', queueTime) +
    element('runTime', runTime) +
    element('payload', doc.payload) +
    element('dispatchable', 'true') +
    element('jobLoad', '0.1') +
    element('failureReason', doc.failureReason) +
    '</job>'
  );
}

export function jobToJson(doc: JobDocument): { job: Record<string, unknown> } {
  const { record } = doc;
  return {
    job: {
      // Ids stay below 2^53, so the number is exact in JavaScript as well as a Java long.
      id: Number(record.id),
      type: JOB_TYPE,
      status: doc.status,
      version: doc.version,
      creator: record.creator,
      organization: record.organization,
      url: doc.url,
      operation: record.operation,
      args: jobArguments(record),
      dateCreated: record.dateCreated,
      dateStarted: doc.dateStarted,
      dateCompleted: doc.dateCompleted,
      ...timing(doc),
      payload: doc.payload,
      dispatchable: true,
      jobLoad: 0.1,
      failureReason: doc.failureReason,
    },
  };
}
