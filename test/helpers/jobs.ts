/** Opencast job XML for integration tests: read an answer, poll a job until it ends. */
import { XMLParser } from 'fast-xml-parser';
import type { TestStack } from './stack.ts';
import { waitFor } from './wait.ts';

export interface JobXml {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'FINISHED' | 'FAILED';
  url: string;
  operation: string;
  payload?: string;
  failureReason?: string;
  args: { arg: string[] };
  dateCreated: string;
  dateStarted?: string;
  dateCompleted?: string;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, parseTagValue: false });

/** The job of a `POST /` or `POST /retract` answer (or of GET /jobs/{id}.xml). */
export async function jobOf(response: Response): Promise<JobXml> {
  return (xml.parse(await response.text()) as { job: JobXml }).job;
}

export async function readJob(t: TestStack, id: string): Promise<JobXml> {
  const response = await t.api(`/jobs/${id}.xml`);
  if (response.status !== 200) throw new Error(`GET /jobs/${id}.xml answered ${response.status}`);
  return jobOf(response);
}

/** Polls the job until FINISHED or FAILED. The deadline guards against a hang; it asserts no speed. */
export function jobEnded(t: TestStack, id: string, timeoutMs = 60_000): Promise<JobXml> {
  return waitFor(
    async () => {
      const job = await readJob(t, id);
      return job.status === 'FINISHED' || job.status === 'FAILED' ? job : undefined;
    },
    { what: `job ${id} to end`, timeoutMs },
  );
}
