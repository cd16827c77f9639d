/**
 * DATA_DIR state survives a stop and start: objects (s3rver keeps them on disk) and queued
 * messages (saved on stop), dead-lettered and in-flight ones included, with their receive counts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeleteMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let dataDir: string;
let t: TestStack | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'local-stack-restart-'));
});
afterAll(async () => {
  await t?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Pollers off: nothing but the test touches the queues. */
const restart = async () => {
  await t?.stop();
  t = await startTestStack({ dataDir, pollers: false });
  return t;
};

const bodies = (messages: Message[]) => messages.map((m) => m.Body).sort();

it('keeps queued messages and objects across restarts', async () => {
  const first = await restart();
  let { queueUrls } = first.stack;
  const sent = await first.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrls.jobs,
      MessageBody: 'job-1',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'distribute' } },
    }),
  );
  await first.sendMessage(queueUrls.jobs, 'job-2');
  await first.sendMessage(queueUrls.jobsDlq, 'dead-1');
  await first.sendMessage(queueUrls.retractEvents, 'in-flight-1');
  // Received and not deleted: in flight when the stack stops.
  expect(bodies(await first.receiveAll(queueUrls.retractEvents))).toEqual(['in-flight-1']);
  await first.putDistributionObject('org/c/m/e/file.txt', 'kept');

  const second = await restart();
  ({ queueUrls } = second.stack);
  const jobs = await second.receiveAll(queueUrls.jobs);
  expect(bodies(jobs)).toEqual(['job-1', 'job-2']);
  const job1 = jobs.find((m) => m.Body === 'job-1');
  expect(job1?.MessageId).toBe(sent.MessageId);
  expect(job1?.MessageAttributes?.kind?.StringValue).toBe('distribute');
  expect(bodies(await second.receiveAll(queueUrls.jobsDlq))).toEqual(['dead-1']);
  const inFlight = await second.receiveAll(queueUrls.retractEvents);
  expect(bodies(inFlight)).toEqual(['in-flight-1']);
  // One receive before the restart, one now: the count a redrive policy goes by survived.
  expect(inFlight[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
  expect((await second.getDistributionObject('org/c/m/e/file.txt'))?.body.toString()).toBe('kept');

  // What is deleted stays deleted; what was restored is not doubled.
  await second.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrls.jobs, ReceiptHandle: job1?.ReceiptHandle }));
  const third = await restart();
  ({ queueUrls } = third.stack);
  expect(bodies(await third.receiveAll(queueUrls.jobs))).toEqual(['job-2']);
  expect(bodies(await third.receiveAll(queueUrls.jobsDlq))).toEqual(['dead-1']);
  expect(bodies(await third.receiveAll(queueUrls.retractEvents))).toEqual(['in-flight-1']);
});
