/**
 * Jobs as Opencast clients know them (JaxbJob), kept without a database: an immutable record
 * written at submission, and immutable marker and result objects written by the workers. The
 * status is never stored; it is derived from what exists, so concurrent and duplicated
 * workers can't overwrite each other's progress and no conditional write is needed.
 */

export const JOB_TYPE = 'org.opencastproject.distribution.download';

export type Operation = 'Distribute' | 'Retract';
export type JobStatus = 'QUEUED' | 'RUNNING' | 'FINISHED' | 'FAILED';

/** What submission records; never changed afterwards. */
export interface JobRecord {
  id: string;
  operation: Operation;
  organization: string;
  creator: string;
  dateCreated: string;
  channelId: string;
  /** The mediapackage exactly as submitted: workers parse it again. */
  mediapackage: string;
  elementIds: string[];
  checkAvailability: boolean;
  preserveReference: boolean;
  /** Element ids per queue message; a playlist and its files share one part. */
  parts: string[][];
}

export type PartOutcome = 'FINISHED' | 'FAILED';

/** What the state objects of one job say, as listed: enough to derive its status. */
export interface JobState {
  /** Earliest start per part. */
  started: Map<number, number>;
  /** Latest moment by which a part's final attempt must have ended. */
  finalDeadline: Map<number, number>;
  /** The first recorded result per part, with its key to read the body. */
  results: Map<number, { outcome: PartOutcome; at: number; key: string }>;
}

export interface JobView {
  record: JobRecord;
  status: JobStatus;
  version: number;
  dateStarted?: string;
  dateCompleted?: string;
  /** Parts whose result is to be read for the payload (FINISHED) or the reason (FAILED). */
  resultKeys: string[];
  /** Set when a part's final attempt died without a word (crash or timeout). */
  silentFailure?: { part: number };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function deriveJob(record: JobRecord, state: JobState, now: number): JobView {
  const partCount = record.parts.length;
  const firstStart = Math.min(...state.started.values());
  const dateStarted = Number.isFinite(firstStart) ? iso(firstStart) : undefined;
  const version = 1 + state.started.size + state.results.size;
  const results = [...state.results.entries()].sort(([a], [b]) => a - b);
  const failed = results.find(([, result]) => result.outcome === 'FAILED');
  if (failed) {
    return { record, status: 'FAILED', version, dateStarted: dateStarted ?? iso(failed[1].at), dateCompleted: iso(failed[1].at), resultKeys: [failed[1].key] };
  }
  const silent = [...state.finalDeadline.entries()].find(([part, deadline]) => !state.results.has(part) && deadline < now);
  if (silent) {
    return {
      record,
      status: 'FAILED',
      version: version + 1,
      dateStarted,
      dateCompleted: iso(silent[1]),
      resultKeys: [],
      silentFailure: { part: silent[0] },
    };
  }
  if (results.length === partCount) {
    const completed = Math.max(...results.map(([, result]) => result.at), Date.parse(record.dateCreated));
    return {
      record,
      status: 'FINISHED',
      version,
      dateStarted: dateStarted ?? iso(completed),
      dateCompleted: iso(completed),
      resultKeys: results.map(([, result]) => result.key),
    };
  }
  return { record, status: dateStarted ? 'RUNNING' : 'QUEUED', version, dateStarted, resultKeys: [] };
}
