/**
 * Job state as objects in the state bucket. Every write goes to a key of its own (a random
 * suffix keeps duplicates apart), so nothing is ever overwritten; what a key says (part,
 * outcome, time) is in its name, so one listing tells the status and only payloads are read.
 *
 *   jobs/{id}/job.json                              the JobRecord
 *   jobs/{id}/started/{part}.{ms}.{rand}            a worker began the part
 *   jobs/{id}/final/{part}.{deadlineMs}.{rand}      the part's last allowed attempt began
 *   jobs/{id}/result/{part}.{OUTCOME}.{ms}.{rand}   body: element array (FINISHED) or reason (FAILED)
 */
import { randomBytes } from 'node:crypto';
import type { ObjectStore } from '../ports.ts';
import type { JobRecord, JobState, PartOutcome } from './model.ts';

const MARKER = /^(\d+)\.(\d+)\.[0-9a-f]+$/;
const RESULT = /^(\d+)\.(FINISHED|FAILED)\.(\d+)\.[0-9a-f]+$/;

const rand = () => randomBytes(4).toString('hex');

export class JobStore {
  constructor(
    private readonly store: ObjectStore,
    private readonly bucket: string,
  ) {}

  private ref(key: string) {
    return { bucket: this.bucket, key };
  }

  /** False when a job with this id exists already (ids are random; the caller draws again). */
  create(record: JobRecord): Promise<boolean> {
    return this.store.putIfAbsent(this.ref(`jobs/${record.id}/job.json`), JSON.stringify(record), { contentType: 'application/json' });
  }

  async loadRecord(id: string): Promise<JobRecord | undefined> {
    const text = await this.store.getText(this.ref(`jobs/${id}/job.json`));
    return text === undefined ? undefined : (JSON.parse(text) as JobRecord);
  }

  async loadState(id: string): Promise<JobState> {
    const state: JobState = { started: new Map(), finalDeadline: new Map(), results: new Map() };
    const prefix = `jobs/${id}/`;
    for await (const object of this.store.list(this.bucket, prefix)) {
      const [kind, name = ''] = object.key.slice(prefix.length).split('/');
      if (kind === 'started' || kind === 'final') {
        const match = MARKER.exec(name);
        if (!match) continue;
        const [part, ms] = [Number(match[1]), Number(match[2])];
        const map = kind === 'started' ? state.started : state.finalDeadline;
        const known = map.get(part);
        // Earliest start; for deadlines the latest, since a redelivered final attempt extends it.
        if (known === undefined || (kind === 'started' ? ms < known : ms > known)) map.set(part, ms);
      } else if (kind === 'result') {
        const match = RESULT.exec(name);
        if (!match) continue;
        const part = Number(match[1]);
        const at = Number(match[3]);
        const known = state.results.get(part);
        // Duplicated deliveries may both record: the first one recorded is the part's outcome.
        if (!known || at < known.at || (at === known.at && object.key < known.key)) {
          state.results.set(part, { outcome: match[2] as PartOutcome, at, key: object.key });
        }
      }
    }
    return state;
  }

  async hasResult(id: string, part: number): Promise<boolean> {
    for await (const _ of this.store.list(this.bucket, `jobs/${id}/result/${part}.`)) return true;
    return false;
  }

  markStarted(id: string, part: number, now: number): Promise<void> {
    return this.store.put(this.ref(`jobs/${id}/started/${part}.${now}.${rand()}`), '', {});
  }

  markFinalAttempt(id: string, part: number, deadline: number): Promise<void> {
    return this.store.put(this.ref(`jobs/${id}/final/${part}.${deadline}.${rand()}`), '', {});
  }

  recordResult(id: string, part: number, outcome: PartOutcome, body: string, now: number): Promise<void> {
    return this.store.put(this.ref(`jobs/${id}/result/${part}.${outcome}.${now}.${rand()}`), body, {
      contentType: outcome === 'FINISHED' ? 'text/xml' : 'text/plain',
    });
  }

  async readBody(key: string): Promise<string> {
    return (await this.store.getText(this.ref(key))) ?? '';
  }
}
