/** With storage up and the queue down, async submission is refused with 503 and nothing is distributed. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../infra/local/net.ts';
import { readSample } from '../fixtures.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ env: { SQS_ENDPOINT: `http://127.0.0.1:${await freePort()}` } });
  await t.putWorkspaceObject('media.mov', 'movie');
});
afterAll(() => t?.stop());

it('POST / answers 503 naming the queue', async () => {
  const response = await t.api('/', {
    method: 'POST',
    body: t.form({ mediapackage: readSample('download-mediapackage.xml'), channelId: 'engage-player', elementId: 'track-1' }),
  });
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBeTruthy();
  expect(await response.text()).toBe('The queue is unreachable right now. Please retry later.');
  expect(await t.listDistribution()).toEqual([]);
});

it('GET /health says the queue is down and storage is up', async () => {
  const response = await fetch(`${t.url}/health`);
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: 'unavailable', storage: 'ok', queue: 'unreachable' });
});
