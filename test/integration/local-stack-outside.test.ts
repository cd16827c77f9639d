/**
 * With S3_ENDPOINT and SQS_ENDPOINT pointing at a port nothing listens on, the stack still
 * starts, starts no emulator, answers 503 where storage is needed, and logs the outage once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../infra/local/net.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestStack;
let closed: string;
const lines: string[] = [];

beforeAll(async () => {
  closed = `http://127.0.0.1:${await freePort()}`;
  t = await startTestStack({ env: { S3_ENDPOINT: closed, SQS_ENDPOINT: closed }, log: (line) => lines.push(line) });
});
afterAll(() => t?.stop());

it('starts against endpoints that are down, using them instead of emulators', () => {
  expect(t.stack.s3Endpoint).toBe(closed);
  expect(t.stack.sqsEndpoint).toBe(closed);
  expect(t.env).toMatchObject({ S3_ENDPOINT: closed, SQS_ENDPOINT: closed });
  expect(t.stack.queueUrls.jobs).toBe(`${closed}/000000000000/distribution-jobs`);
  expect(t.stack.queueUrls.retractEventsDlq).toBe(`${closed}/000000000000/retract-events-dlq`);
});

it('answers 503 with Retry-After where storage is needed', async () => {
  const res = await fetch(`${t.url}/static/mh_default_org/c/m/e/file.mp4`);
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  expect((await res.text()).trim()).toMatch(/^[^\n]+\.$/);
});

it('logs that the queues are unreachable once per queue, not once per retry', async () => {
  const warnings = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'warn');
  await waitFor(() => warnings().filter((w) => w.msg === 'cannot receive from queue; retrying with backoff').length === 2, {
    what: 'both pollers to report the outage',
  });
  await waitFor(() => warnings().some((w) => w.msg === 'cannot create queues yet; retrying in the background'), {
    what: 'the queue creation to report the outage',
  });
  // Retries keep going in the background (backoff from 0.5 s); give them time to repeat.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const keys = warnings().map((w) => `${String(w.msg)} (${String(w.queue ?? 'all queues')})`);
  expect(keys.sort()).toEqual([...new Set(keys)].sort());
});

it('stops cleanly while the endpoints are still down', async () => {
  await t.stop();
});
