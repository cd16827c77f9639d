/**
 * Retraction by queue event (CONTRACT section 4) end to end: files distributed over HTTP, events
 * sent to the real retract-events queue, the real poller feeding the real consumer, and what the
 * events did read back from the bucket and the dead-letter queue.
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediapackageXml } from '../helpers/mediapackage.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const ORG = 'mh_default_org';
let t: TestStack;

// 10.0000/1/2 continues 10.0000/1's id: its files lie under 10.0000/1's prefix, and are not 10.0000/1's.
const MP = '10.0000/1';
const LONGER_MP = '10.0000/1/2';
const elements = [
  { id: 'track-a', url: 'a.mp4' },
  { id: 'track-b', url: 'b.mp4' },
];

beforeAll(async () => {
  t = await startTestStack({ env: { QUEUE_VISIBILITY_TIMEOUT: '2' } });
  await t.putWorkspaceObject('a.mp4', 'bytes of a', 'video/mp4');
  await t.putWorkspaceObject('b.mp4', 'bytes of b', 'video/mp4');
});
afterAll(() => t?.stop());

async function distribute(mediapackageId: string, channelId: string, elementIds: string[] = ['track-a', 'track-b']) {
  const response = await t.api('/distributesync', {
    method: 'POST',
    body: t.form({ mediapackage: mediapackageXml(mediapackageId, elements), channelId, elementId: JSON.stringify(elementIds) }),
  });
  expect(response.status).toBe(200);
}

const send = (message: unknown) => t.sendMessage(t.stack.queueUrls.retractEvents, typeof message === 'string' ? message : JSON.stringify(message));
const files = (channelId: string, mediapackageId = MP) => t.listDistribution(`${ORG}/${channelId}/${mediapackageId}/`);
const key = (channelId: string, elementId: string, mediapackageId = MP) =>
  `${ORG}/${channelId}/${mediapackageId}/${elementId}/${elementId === 'track-a' ? 'a' : 'b'}.mp4`;

async function queueIsEmpty(queueUrl: string): Promise<boolean> {
  const { Attributes = {} } = await t.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Attributes.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0';
}

const eventBridge = (detail: unknown) => ({
  version: '0',
  id: '4f1d3c1e-7a8b-4c2d-9e0f-123456789abc',
  'detail-type': 'Retract Distribution',
  source: 'opencast.distribution',
  account: '123456789012',
  time: '2026-12-03T12:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

describe('a retract event', () => {
  it('without elementIds removes the mediapackage in that channel, and neither another channel nor a longer id', async () => {
    await distribute(MP, 'engage');
    await distribute(MP, 'internal');
    await distribute(LONGER_MP, 'engage', ['track-a']);
    await send({ channelId: 'engage', mediapackageId: MP });
    await waitFor(async () => (await files('engage')).length === 1, { what: "the mediapackage's files to go" });
    expect(await files('engage')).toEqual([key('engage', 'track-a', LONGER_MP)]);
    expect(await files('internal')).toEqual([key('internal', 'track-a'), key('internal', 'track-b')]);
    expect((await fetch(`${t.url}/static/${key('engage', 'track-a')}`)).status).toBe(404);
  });

  it('with elementIds removes only those elements', async () => {
    await distribute(MP, 'partial');
    await send({ organization: ORG, channelId: 'partial', mediapackageId: MP, elementIds: ['track-a'] });
    await waitFor(async () => !(await files('partial')).includes(key('partial', 'track-a')), { what: 'track-a to go' });
    expect(await files('partial')).toEqual([key('partial', 'track-b')]);
  });

  it('arrives as an EventBridge event, whose detail is the message', async () => {
    await distribute(LONGER_MP, 'bridged');
    await send(eventBridge({ channelId: 'bridged', mediapackageId: LONGER_MP, elementIds: ['track-b'] }));
    await waitFor(async () => (await files('bridged', LONGER_MP)).length === 1, { what: 'track-b to go' });
    expect(await files('bridged', LONGER_MP)).toEqual([key('bridged', 'track-a', LONGER_MP)]);
  });

  it('is harmless when delivered twice, or when nothing is distributed', async () => {
    await distribute(MP, 'twice');
    const event = { channelId: 'twice', mediapackageId: MP };
    await send(event);
    await send(event);
    await send({ channelId: 'never-used', mediapackageId: MP });
    await waitFor(() => queueIsEmpty(t.stack.queueUrls.retractEvents), { what: 'the events to be consumed' });
    expect(await files('twice')).toEqual([]);
    expect(await t.receiveAll(t.stack.queueUrls.retractEventsDlq, 0)).toEqual([]);
  });
});

describe('a malformed message', () => {
  it.each([
    ['not JSON', 'retract 10.0000/1 please', 'The message body is not JSON.'],
    ['without channelId', JSON.stringify({ mediapackageId: MP }), '"channelId" must be a non-empty string.'],
    ['with an unsafe id', JSON.stringify({ channelId: 'engage', mediapackageId: '..' }), 'The mediapackage id ".." is not allowed: it has a ".." path segment.'],
    ['with elementIds not an array', JSON.stringify(eventBridge({ channelId: 'engage', mediapackageId: MP, elementIds: 'track-a' })), '"elementIds" must be an array of strings when present.'],
  ])('%s goes to the dead-letter queue with its reason, and leaves the queue', async (_, body, reason) => {
    const messageId = await send(body);
    const dead = await waitFor(
      async () => (await t.receiveAll(t.stack.queueUrls.retractEventsDlq, 0)).find((m) => m.MessageAttributes?.sourceMessageId?.StringValue === messageId),
      { what: 'the message in the dead-letter queue' },
    );
    expect(dead.Body).toBe(body);
    expect(dead.MessageAttributes?.reason?.StringValue).toBe(reason);
    await waitFor(() => queueIsEmpty(t.stack.queueUrls.retractEvents), { what: 'the queue to be empty' });
  });
});
