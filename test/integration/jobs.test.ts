/**
 * POST / and POST /retract end to end: the job is recorded, fanned out through the real queue
 * emulator, processed by the real worker through the poller, and polled over HTTP.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseElementArray } from '../../lib/mediapackage/index.ts';
import { startSourceServer, type SourceServer } from '../helpers/http-source.ts';
import { mediapackageXml } from '../helpers/mediapackage.ts';
import { jobEnded, jobOf, readJob, type JobXml } from '../helpers/jobs.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const ORG = 'mh_default_org';
let t: TestStack;
let source: SourceServer;

type Handler = (event: SQSEvent, context: Context) => Promise<unknown>;
let realWorker: Handler | undefined;
/** Worker invocations wait here: a test closes it to act between submission and work. */
let gate: Promise<void> = Promise.resolve();
/** When set, invocations end after this long as a Lambda past its timeout does (their work runs on, unheard). */
let cutShortMs: number | undefined;

// The real worker behind a seam; tests in a file run one after another, so the seam is global.
async function worker(event: SQSEvent, context: Context): Promise<unknown> {
  await gate;
  realWorker ??= (await import('../../functions/queue/worker.ts')).handler as Handler;
  const run = realWorker(event, context);
  if (cutShortMs === undefined) return run;
  run.catch(() => undefined);
  const limit = cutShortMs;
  return Promise.race([run, new Promise((_, reject) => setTimeout(() => reject(new Error('Task timed out')), limit))]);
}

function holdWorkers(): () => void {
  let release!: () => void;
  gate = new Promise((resolve) => (release = resolve));
  return release;
}

beforeAll(async () => {
  t = await startTestStack({ env: { QUEUE_VISIBILITY_TIMEOUT: '2' }, consumers: { worker } });
  source = await startSourceServer();
  for (const name of ['a.mp4', 'b.mp4', 'c.mp4']) await t.putWorkspaceObject(name, `bytes of ${name}`, 'video/mp4');
});

afterAll(async () => {
  await source?.close();
  await t?.stop();
});

async function submit(path: '/' | '/retract', fields: Record<string, string>): Promise<JobXml> {
  const response = await t.api(path, { method: 'POST', body: t.form(fields) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
  return jobOf(response);
}

const poll = (id: string) => readJob(t, id);
const terminal = (id: string) => jobEnded(t, id, 30_000);

const threeElements = mediapackageXml('mp-async', [
  { id: 'a', url: 'a.mp4' },
  { id: 'b', url: 'b.mp4' },
  { id: 'c', url: 'c.mp4' },
]);

describe('a distribution job', () => {
  let job: JobXml;

  it('answers at once with an Opencast job, QUEUED, whose url is its own route', async () => {
    job = await submit('/', { mediapackage: threeElements, channelId: 'engage-player', elementId: '["c","a","b"]' });
    expect(job).toMatchObject({ status: 'QUEUED', operation: 'Distribute', url: `${t.url}/jobs/${job.id}.xml` });
    expect(BigInt(job.id) > 0n && BigInt(job.id) < 2n ** 63n).toBe(true);
    expect(job.args.arg).toEqual(['engage-player', threeElements, '["c","a","b"]', 'true', 'false']);
  });

  it('reaches FINISHED with the payload in the requested order, and the files are served', async () => {
    const done = await terminal(job.id);
    expect(done.status).toBe('FINISHED');
    expect(Date.parse(done.dateCompleted!)).toBeGreaterThanOrEqual(Date.parse(done.dateStarted!));
    const elements = parseElementArray(done.payload!);
    expect(elements.map((e) => e.id)).toEqual(['c', 'a', 'b']);
    for (const element of elements) {
      const served = await fetch(element.url);
      expect(await served.text()).toBe(`bytes of ${element.id}.mp4`);
    }
  });

  it('answers the same job as JSON', async () => {
    const response = await t.api(`/jobs/${job.id}.json`);
    expect(await response.json()).toMatchObject({ job: { id: Number(job.id), status: 'FINISHED', operation: 'Distribute' } });
  });

  it('gives the same result when its messages are delivered again', async () => {
    const before = await poll(job.id);
    for (const part of [0, 1, 2]) await t.sendMessage(t.stack.queueUrls.jobs, JSON.stringify({ jobId: job.id, part }));
    await waitFor(async () => (await t.receiveAll(t.stack.queueUrls.jobs, 0)).length === 0, { what: 'the duplicates to be consumed' });
    const after = await poll(job.id);
    expect(after).toEqual(before);
  });

  it('is retracted by a retract job', async () => {
    const retraction = await submit('/retract', { mediapackage: threeElements, channelId: 'engage-player', elementId: '["a","b","c"]' });
    expect(retraction.operation).toBe('Retract');
    const done = await terminal(retraction.id);
    expect(done.status).toBe('FINISHED');
    expect(parseElementArray(done.payload!).map((e) => e.url)).toEqual(['a.mp4', 'b.mp4', 'c.mp4']);
    expect(await t.listDistribution(`${ORG}/engage-player/mp-async/`)).toEqual([]);
  });
});

describe('failures', () => {
  it('a transient source failure is retried by the queue and then succeeds', async () => {
    source.routes.set('/flaky.mp4', { body: 'flaky bytes', failFirstGets: 1 });
    const mp = mediapackageXml('mp-flaky', [{ id: 'f', url: `${source.origin}/flaky.mp4` }]);
    const job = await submit('/', { mediapackage: mp, channelId: 'retry', elementId: 'f' });
    const done = await terminal(job.id);
    expect(done.status).toBe('FINISHED');
    expect(source.requests.filter((r) => r.path === '/flaky.mp4' && r.method === 'GET')).toHaveLength(2);
    expect((await t.getDistributionObject(`${ORG}/retry/mp-flaky/f/flaky.mp4`))?.body.toString()).toBe('flaky bytes');
  });

  it('a source deleted after submission fails the job at once, naming the element and the cause', async () => {
    await t.putWorkspaceObject('doomed.mp4', 'soon gone');
    const mp = mediapackageXml('mp-doomed', [
      { id: 'doomed', url: 'doomed.mp4' },
      { id: 'a', url: 'a.mp4' },
    ]);
    const release = holdWorkers();
    const job = await submit('/', { mediapackage: mp, channelId: 'doomed', elementId: '["a","doomed"]' });
    await t.s3.send(new DeleteObjectCommand({ Bucket: 'workspace', Key: 'doomed.mp4' }));
    release();
    const done = await terminal(job.id);
    expect(done.status).toBe('FAILED');
    // Small elements share a part: the reason names the part's elements, then the one that failed and why.
    expect(done.failureReason).toBe(
      'Distributing elements "a", "doomed" failed: The source of element "doomed" was not found: s3://workspace/doomed.mp4.',
    );
    expect(done.payload).toBeUndefined();
  });

  it('a message that fails every time lands in the dead-letter queue and its job shows FAILED', async () => {
    source.routes.set('/always-down.mp4', { getStatus: 503 });
    const mp = mediapackageXml('mp-down', [{ id: 'down', url: `${source.origin}/always-down.mp4` }]);
    const job = await submit('/', { mediapackage: mp, channelId: 'down', elementId: 'down' });
    const done = await terminal(job.id);
    expect(done.status).toBe('FAILED');
    expect(done.failureReason).toMatch(/^Distributing element "down" failed: The source server answered 503 .* \(gave up after 3 attempts\)$/);
    await waitFor(
      async () => (await t.receiveAll(t.stack.queueUrls.jobsDlq, 0)).some((m) => JSON.parse(m.Body ?? '{}').jobId === job.id),
      { what: 'the message in the dead-letter queue' },
    );
  });

  it('a last attempt that times out leaves the job FAILED, not RUNNING forever', async () => {
    source.routes.set('/hangs.mp4', { hangGet: true });
    const mp = mediapackageXml('mp-hung', [{ id: 'hung', url: `${source.origin}/hangs.mp4` }]);
    cutShortMs = 1_000;
    try {
      const job = await submit('/', { mediapackage: mp, channelId: 'hung', elementId: 'hung' });
      const done = await terminal(job.id);
      expect(done.status).toBe('FAILED');
      expect(done.failureReason).toMatch(/ended without finishing \(the worker crashed or timed out\)/);
    } finally {
      cutShortMs = undefined;
    }
  });
});
