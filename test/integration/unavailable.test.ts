/**
 * 503 with Retry-After when storage or queue can't be reached (contract: "storage or queue
 * unreachable"): the stack runs against endpoints where nothing listens.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../infra/local/net.ts';
import { readSample } from '../fixtures.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let t: TestStack;
const fields = { mediapackage: readSample('download-mediapackage.xml'), channelId: 'engage-player', elementId: 'track-1' };

beforeAll(async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  t = await startTestStack({ env: { S3_ENDPOINT: closed, SQS_ENDPOINT: closed } });
});
afterAll(() => t?.stop());

async function expect503(response: Response, message: RegExp) {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await response.text()).toMatch(message);
}

it.each([
  ['/distributesync'],
  ['/retractsync'],
  ['/'],
  ['/retract'],
])('POST %s answers 503 naming storage', async (path) => {
  await expect503(await t.api(path, { method: 'POST', body: t.form(fields) }), /^Storage is unreachable right now\. Please retry later\.$/);
});

it('GET /jobs/{id} answers 503', async () => {
  await expect503(await t.api('/jobs/42.xml'), /Storage is unreachable/);
});

it('GET /health answers 503 naming what is down, without a token', async () => {
  const response = await fetch(`${t.url}/health`);
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: 'unavailable', storage: 'unreachable', queue: 'unreachable' });
});
