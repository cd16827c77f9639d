/**
 * The poller against the embedded SQS, with the stack's real queues (redrive policy from
 * lib/routes.ts) and fake consumers in place of the functions: deletes what succeeded, leaves
 * failures to be redelivered, and lets the queue move a record that keeps failing to its DLQ.
 */
import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchItemFailure, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueConsumers } from '../../lib/routes.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestStack;
const logLines: string[] = [];
/** Every record each fake consumer was handed, in order. */
const seen: SQSRecord[] = [];
const receivesOf = (body: string) => seen.filter((r) => r.body === body).map((r) => r.attributes.ApproximateReceiveCount);

const firstTime = (record: SQSRecord) => record.attributes.ApproximateReceiveCount === '1';

/** `ok-*` succeeds, `fails-once-*` fails its first delivery, `always-fails-*` every one. */
async function worker(event: SQSEvent) {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    seen.push(record);
    const fails = record.body.startsWith('always-fails') || (record.body.startsWith('fails-once') && firstTime(record));
    if (fails) batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures };
}

/** Throws on a first delivery of `throws-once-*`, failing the whole batch. */
async function retractEvents(event: SQSEvent) {
  seen.push(...event.Records);
  if (event.Records.some((r) => r.body.startsWith('throws-once') && firstTime(r))) throw new Error('consumer crashed');
}

const maxReceiveCount = queueConsumers.find((c) => c.name === 'worker')?.maxReceiveCount ?? 0;

async function queueIsEmpty(queueUrl: string): Promise<boolean> {
  const { Attributes = {} } = await t.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Attributes.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0';
}

beforeAll(async () => {
  t = await startTestStack({
    env: { QUEUE_VISIBILITY_TIMEOUT: '1' },
    consumers: { worker, retractEvents },
    log: (line) => logLines.push(line),
  });
});
afterAll(() => t?.stop());

describe('poller', () => {
  it('hands the consumer a Lambda SQS event', async () => {
    await t.sendMessage(t.stack.queueUrls.jobs, 'ok-event');
    const record = await waitFor(() => seen.find((r) => r.body === 'ok-event'), { what: 'the record' });
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: expect.stringMatching(/^arn:aws:sqs:us-east-1:\d{12}:distribution-jobs$/),
      awsRegion: 'us-east-1',
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      receiptHandle: expect.any(String),
      messageAttributes: {},
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d+$/),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d+$/),
        SenderId: expect.any(String),
      },
    });
  });

  it('deletes records that succeeded and redelivers the ones that failed', async () => {
    await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: t.stack.queueUrls.jobs,
        Entries: [
          { Id: '1', MessageBody: 'ok-batch' },
          { Id: '2', MessageBody: 'fails-once-batch' },
        ],
      }),
    );
    // Empty means deleted: an undeleted record stays counted, visible or not.
    await waitFor(async () => receivesOf('fails-once-batch').length >= 2 && (await queueIsEmpty(t.stack.queueUrls.jobs)), {
      what: 'the queue to drain',
    });
    expect(receivesOf('ok-batch')).toEqual(['1']);
    expect(receivesOf('fails-once-batch')).toEqual(['1', '2']);
  });

  it('lets a record that always fails reach the dead-letter queue after maxReceiveCount receives', async () => {
    const messageId = await t.sendMessage(t.stack.queueUrls.jobs, 'always-fails-dlq');
    const dead = await waitFor(
      async () => (await t.receiveAll(t.stack.queueUrls.jobsDlq)).find((m) => m.MessageId === messageId),
      { what: 'the record in the dead-letter queue' },
    );
    expect(dead.Body).toBe('always-fails-dlq');
    expect(receivesOf('always-fails-dlq')).toEqual(Array.from({ length: maxReceiveCount }, (_, i) => String(i + 1)));
    expect(await queueIsEmpty(t.stack.queueUrls.jobs)).toBe(true);
  });

  it('logs each failed record as a JSON line, without its body', () => {
    const failures = logLines.filter((l) => l.includes('"record failed"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure).toMatchObject({ level: 'warn', queue: 'distribution-jobs', messageId: expect.any(String) });
    }
    expect(logLines.join('\n')).not.toContain('always-fails-dlq');
  });

  it('retries the whole batch when the consumer throws', async () => {
    await t.sendMessage(t.stack.queueUrls.retractEvents, 'throws-once-retract');
    await waitFor(async () => receivesOf('throws-once-retract').length >= 2 && (await queueIsEmpty(t.stack.queueUrls.retractEvents)), {
      what: 'the retried batch',
    });
    expect(receivesOf('throws-once-retract')).toEqual(['1', '2']);
    const failure = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.queue === 'retract-events');
    expect(failure).toMatchObject({ msg: 'record failed', error: 'consumer crashed' });
  });
});
