import { describe, expect, it } from 'vitest';
import { deriveJob, type JobRecord, type JobState } from '../../../lib/jobs/model.ts';

const CREATED = Date.parse('2026-01-01T00:00:00.000Z');
const record = (parts: string[][]): JobRecord => ({
  id: '42',
  operation: 'Distribute',
  organization: 'org',
  creator: 'api',
  dateCreated: new Date(CREATED).toISOString(),
  channelId: 'ch',
  mediapackage: '<mediapackage/>',
  elementIds: parts.flat(),
  checkAvailability: true,
  preserveReference: false,
  parts,
});
const state = (init: Partial<{ [K in keyof JobState]: [number, JobState[K] extends Map<number, infer V> ? V : never][] }> = {}): JobState => ({
  started: new Map(init.started ?? []),
  finalDeadline: new Map(init.finalDeadline ?? []),
  results: new Map(init.results ?? []),
});
const finished = (at: number) => ({ outcome: 'FINISHED' as const, at, key: `k${at}` });
const failed = (at: number) => ({ outcome: 'FAILED' as const, at, key: `f${at}` });

describe('deriveJob', () => {
  const job = record([['a'], ['b']]);

  it('is QUEUED until a worker starts', () => {
    expect(deriveJob(job, state(), CREATED + 10)).toMatchObject({ status: 'QUEUED', version: 1, dateStarted: undefined });
  });

  it('is RUNNING from the earliest start', () => {
    const view = deriveJob(job, state({ started: [[0, CREATED + 500], [1, CREATED + 200]] }), CREATED + 600);
    expect(view).toMatchObject({ status: 'RUNNING', dateStarted: new Date(CREATED + 200).toISOString() });
  });

  it('stays RUNNING while one part has no result', () => {
    expect(deriveJob(job, state({ started: [[0, CREATED]], results: [[0, finished(CREATED + 5)]] }), CREATED + 6).status).toBe('RUNNING');
  });

  it('is FINISHED when every part finished, completed at the last result', () => {
    const view = deriveJob(job, state({ started: [[0, CREATED], [1, CREATED]], results: [[0, finished(CREATED + 9)], [1, finished(CREATED + 5)]] }), CREATED + 10);
    expect(view).toMatchObject({ status: 'FINISHED', dateCompleted: new Date(CREATED + 9).toISOString(), resultKeys: [`k${CREATED + 9}`, `k${CREATED + 5}`] });
  });

  it('is FAILED as soon as one part failed, whatever the others do', () => {
    const view = deriveJob(job, state({ started: [[0, CREATED]], results: [[1, failed(CREATED + 3)]] }), CREATED + 4);
    expect(view).toMatchObject({ status: 'FAILED', resultKeys: [`f${CREATED + 3}`] });
  });

  it('is FAILED when a final attempt passed its deadline without a result (crash or timeout)', () => {
    const s = state({ started: [[0, CREATED]], finalDeadline: [[0, CREATED + 100]], results: [[1, finished(CREATED + 1)]] });
    expect(deriveJob(job, s, CREATED + 99).status).toBe('RUNNING');
    expect(deriveJob(job, s, CREATED + 101)).toMatchObject({ status: 'FAILED', silentFailure: { part: 0 } });
  });

  it('lets a final attempt that finished in time count as finished', () => {
    const s = state({ finalDeadline: [[0, CREATED + 100]], results: [[0, finished(CREATED + 50)], [1, finished(CREATED + 1)]] });
    expect(deriveJob(job, s, CREATED + 1_000).status).toBe('FINISHED');
  });

  it('finishes a job with no parts (elementId []) at once', () => {
    expect(deriveJob(record([]), state(), CREATED).status).toBe('FINISHED');
  });
});
