/**
 * Retract events while storage is down: the stack's S3 endpoint is one where nothing listens,
 * its SQS the real emulator. A retraction that fails is reported for its record alone, retried
 * by the queue, and dead-lettered by the redrive policy after maxReceiveCount; never dropped.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../infra/local/net.ts';
import { queueConsumers } from '../../lib/routes.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
let t: TestStack;
let real: Handler | undefined;
/** What the real consumer answered, by the message ids of its batch. */
const answers: { ids: string[]; response: SQSBatchResponse }[] = [];

async function retractEvents(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  real ??= (await import('../../functions/queue/retract-events.ts')).handler as Handler;
  const response = await real(event, context);
  answers.push({ ids: event.Records.map((r) => r.messageId), response });
  return response;
}

const maxReceiveCount = queueConsumers.find((c) => c.name === 'retractEvents')!.maxReceiveCount;

beforeAll(async () => {
  t = await startTestStack({
    env: { S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`, QUEUE_VISIBILITY_TIMEOUT: '1' },
    consumers: { retractEvents },
  });
});
afterAll(() => t?.stop());

it('a retraction that fails is retried by the queue, then dead-lettered; only its record fails', async () => {
  const failing = await t.sendMessage(t.stack.queueUrls.retractEvents, JSON.stringify({ channelId: 'engage', mediapackageId: '10.0000/1' }));
  const malformed = await t.sendMessage(t.stack.queueUrls.retractEvents, '{"channelId": ');

  const dead = await waitFor(
    async () => {
      const messages = await t.receiveAll(t.stack.queueUrls.retractEventsDlq, 0);
      return messages.some((m) => m.MessageId === failing) ? messages : undefined;
    },
    { what: 'the failing event in the dead-letter queue', timeoutMs: 30_000 },
  );
  // The redrive moved it as it was, after the allowed receives; the malformed one went at once, with its reason.
  const redriven = dead.find((m) => m.MessageId === failing)!;
  expect(redriven.MessageAttributes?.reason).toBeUndefined();
  expect(Number(redriven.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(maxReceiveCount);
  expect(dead.find((m) => m.MessageAttributes?.sourceMessageId?.StringValue === malformed)?.MessageAttributes?.reason?.StringValue).toBe(
    'The message body is not JSON.',
  );

  // The last attempt may still be answering when the redrive has already moved the message.
  const deliveries = await waitFor(() => {
    const seen = answers.filter((a) => a.ids.includes(failing));
    return seen.length >= maxReceiveCount ? seen : undefined;
  }, { what: 'every attempt to be answered' });
  for (const { response } of deliveries) expect(response.batchItemFailures).toEqual([{ itemIdentifier: failing }]);
});
