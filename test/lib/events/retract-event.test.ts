/**
 * Retract events: what a message may say (plain or as an EventBridge event), and what becomes of
 * a record: retracted, dead-lettered with its reason, or thrown for the queue to retry.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { consumeRetractMessage, type RetractConsumerDeps } from '../../../lib/events/consume.ts';
import { MalformedEventError, parseRetractEvent } from '../../../lib/events/retract-event.ts';
import type { JobQueue, QueueMessage } from '../../../lib/ports.ts';
import { MemoryStore } from '../../helpers/memory-store.ts';

const ORG = 'mh_default_org';

const eventBridge = (detail: unknown) =>
  JSON.stringify({
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'Retract Distribution',
    source: 'opencast.distribution',
    account: '111122223333',
    time: '2026-12-03T12:00:00Z',
    region: 'eu-central-1',
    resources: [],
    detail,
  });

describe('parseRetractEvent', () => {
  it('reads a plain message, with the default organization', () => {
    expect(parseRetractEvent(JSON.stringify({ channelId: 'engage-player', mediapackageId: '10.0000/1' }), ORG)).toEqual({
      organization: ORG,
      channelId: 'engage-player',
      mediapackageId: '10.0000/1',
      elementIds: undefined,
    });
  });

  it('reads the detail of an EventBridge event, organization and element ids included, duplicates collapsed', () => {
    const body = eventBridge({ organization: 'other_org', channelId: 'c', mediapackageId: 'mp', elementIds: ['a', 'b', 'a'] });
    expect(parseRetractEvent(body, ORG)).toEqual({ organization: 'other_org', channelId: 'c', mediapackageId: 'mp', elementIds: ['a', 'b'] });
  });

  it.each([
    ['not JSON', 'retract please', /not JSON/],
    ['not an object', '["c","mp"]', /not a JSON object/],
    ['an EventBridge event whose detail is not an object', eventBridge('c/mp'), /not a JSON object/],
    ['without channelId', JSON.stringify({ mediapackageId: 'mp' }), /"channelId" must be a non-empty string/],
    ['with an empty mediapackageId', JSON.stringify({ channelId: 'c', mediapackageId: '' }), /"mediapackageId" must be a non-empty string/],
    ['with a numeric organization', JSON.stringify({ organization: 7, channelId: 'c', mediapackageId: 'mp' }), /"organization" must be/],
    ['with elementIds not an array', JSON.stringify({ channelId: 'c', mediapackageId: 'mp', elementIds: 'track-1' }), /"elementIds" must be an array of strings/],
    ['with a number among the elementIds', JSON.stringify({ channelId: 'c', mediapackageId: 'mp', elementIds: ['a', 1] }), /"elementIds" must be an array of strings/],
    ['with a .. mediapackage id', JSON.stringify({ channelId: 'c', mediapackageId: '..' }), /mediapackage id "\.\." is not allowed/],
    ['with a / in the channel id', JSON.stringify({ channelId: 'a/b', mediapackageId: 'mp' }), /channelId "a\/b" is not allowed/],
    ['with an unsafe element id', JSON.stringify({ channelId: 'c', mediapackageId: 'mp', elementIds: ['a\\b'] }), /element id .* backslash/],
    ['with an unsafe organization', JSON.stringify({ organization: '..', channelId: 'c', mediapackageId: 'mp' }), /organization/],
  ])('refuses a message %s, saying why', (_, body, reason) => {
    expect(() => parseRetractEvent(body, ORG)).toThrow(MalformedEventError);
    expect(() => parseRetractEvent(body, ORG)).toThrow(reason);
  });
});

class RecordingQueue implements JobQueue {
  readonly sent: QueueMessage[] = [];
  async send(messages: QueueMessage[]): Promise<void> {
    this.sent.push(...messages);
  }
  async ping(): Promise<void> {}
}

describe('consumeRetractMessage', () => {
  let store: MemoryStore;
  let dlq: RecordingQueue;
  let deps: RetractConsumerDeps;
  const key = (mp: string, element: string) => `${ORG}/engage/${mp}/${element}/file.mp4`;

  beforeEach(() => {
    store = new MemoryStore();
    dlq = new RecordingQueue();
    deps = {
      store,
      deadLetters: dlq,
      settings: { organization: ORG, distributionBucket: 'dist', distributionBaseUrl: 'https://cdn.example.org', copyConcurrency: 4 },
    };
    for (const k of [key('mp', 'a'), key('mp', 'b'), key('mp/1', 'a')]) store.add('dist', k);
  });

  it('retracts only the named elements, not those of a mediapackage whose id continues with one', async () => {
    await consumeRetractMessage(deps, { messageId: 'm1', body: JSON.stringify({ channelId: 'engage', mediapackageId: 'mp', elementIds: ['a', '1'] }) });
    expect(store.keys('dist')).toEqual([key('mp/1', 'a'), key('mp', 'b')]);
  });

  it('retracts the whole mediapackage without element ids, leaving the one whose id extends it', async () => {
    await consumeRetractMessage(deps, { messageId: 'm1', body: eventBridge({ channelId: 'engage', mediapackageId: 'mp' }) });
    expect(store.keys('dist')).toEqual([key('mp/1', 'a')]);
    expect(dlq.sent).toEqual([]);
  });

  it('sends a malformed message to the dead-letter queue unchanged, with its reason, and succeeds', async () => {
    await consumeRetractMessage(deps, { messageId: 'm2', body: '{"channelId":"engage"' });
    expect(dlq.sent).toEqual([{ id: '0', body: '{"channelId":"engage"', attributes: { reason: 'The message body is not JSON.', sourceMessageId: 'm2' } }]);
    expect(store.keys('dist')).toHaveLength(3);
  });

  it('throws a malformed message when there is no dead-letter queue to send it to', async () => {
    const { deadLetters: _none, ...withoutDlq } = deps;
    await expect(consumeRetractMessage(withoutDlq, { messageId: 'm3', body: '{}' })).rejects.toThrow(MalformedEventError);
  });

  it('throws when storage is down, so that the queue retries the record', async () => {
    store.down = true;
    await expect(consumeRetractMessage(deps, { messageId: 'm4', body: JSON.stringify({ channelId: 'engage', mediapackageId: 'mp' }) })).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
    expect(dlq.sent).toEqual([]);
  });

  it('throws when the dead-letter queue refuses the message, so that it is not lost', async () => {
    dlq.send = async () => {
      throw new Error('queue down');
    };
    await expect(consumeRetractMessage(deps, { messageId: 'm5', body: 'nope' })).rejects.toThrow('queue down');
  });
});
