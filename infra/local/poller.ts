/**
 * Feeds queues to their consumers as Lambda's SQS event source mapping does: batches of up to
 * `batchSize`, several invocations at once, partial batch failures (`batchItemFailures`), and
 * retries left to the queue: a record that is not deleted reappears after the visibility
 * timeout, and the queue's redrive policy moves it to the dead-letter queue in the end.
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { QueueConsumerDef } from '../../lib/routes.ts';
import { createLambdaContext, invokeWithTimeout, loadExport } from './lambda.ts';
import { errorMessage, type Logger } from './log.ts';
import { sleep } from './sleep.ts';

export type SqsHandler = (event: SQSEvent, context: Context) => unknown;

export interface PolledQueue {
  consumer: QueueConsumerDef;
  queueUrl: string;
  queueArn: string;
  /** Called instead of `consumer.handler`'s module (a test seam). */
  handler?: SqsHandler;
}

export interface PollerOptions {
  sqs: SQSClient;
  queues: PolledQueue[];
  region: string;
  logger: Logger;
  /** Batches in flight per queue, like concurrent Lambda invocations. */
  concurrency?: number;
  /**
   * Long-poll wait. Keep it below the visibility timeout: the emulator can hand out one message
   * twice within a longer wait. 0 with the embedded emulator, which holds every receive for the
   * full wait unless the batch fills.
   */
  waitTimeSeconds?: number;
  /** Pause after an empty short poll, so an idle queue costs a few requests a second. */
  idleDelayMs?: number;
}

export interface Pollers {
  /** Stops receiving, waits for the invocations in flight, then resolves. */
  stop(): Promise<void>;
}

export function startPollers(options: PollerOptions): Pollers {
  const pollers = options.queues.map((queue) => new QueuePoller(queue, options));
  return {
    stop: async () => {
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}

class QueuePoller {
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly loop: Promise<void>;
  private readonly concurrency: number;
  private readonly wait: number;
  private readonly queueName: string;

  constructor(
    private readonly queue: PolledQueue,
    private readonly options: PollerOptions,
  ) {
    this.concurrency = options.concurrency ?? 4;
    this.wait = options.waitTimeSeconds ?? 0;
    this.queueName = queue.consumer.queue;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    let backoffMs = 500;
    let down = false;
    while (!this.abort.signal.aborted) {
      if (this.inFlight.size >= this.concurrency) {
        await Promise.race(this.inFlight);
        continue;
      }
      let messages: Message[];
      try {
        messages = await this.receive();
      } catch (error) {
        if (this.abort.signal.aborted) break;
        // One line per outage, not one per retry.
        if (!down) logger.event('warn', 'cannot receive from queue; retrying with backoff', { queue: this.queueName, error: errorMessage(error) });
        down = true;
        await sleep(backoffMs, this.abort.signal);
        backoffMs = Math.min(backoffMs * 2, 30_000);
        continue;
      }
      if (down) logger.event('info', 'receiving from queue again', { queue: this.queueName });
      down = false;
      backoffMs = 500;
      if (messages.length === 0) {
        if (this.wait === 0) await sleep(this.options.idleDelayMs ?? 200, this.abort.signal);
        continue;
      }
      // Received before a stop: still processed, since the queue already counts them as delivered.
      const invocation = this.invoke(messages)
        .catch((error: unknown) => logger.event('error', 'poller failed', { queue: this.queueName, error: errorMessage(error) }))
        .finally(() => this.inFlight.delete(invocation));
      this.inFlight.add(invocation);
    }
    await Promise.allSettled([...this.inFlight]);
  }

  private async receive(): Promise<Message[]> {
    const { Messages = [] } = await this.options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queue.queueUrl,
        MaxNumberOfMessages: Math.min(this.queue.consumer.batchSize, 10),
        WaitTimeSeconds: this.wait,
        // The emulator answers attributes only for AttributeNames; AWS reads the newer field.
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    // The emulator can return one message twice in an answer; the later copy has the live receipt.
    return [...new Map(Messages.map((m) => [m.MessageId, m])).values()];
  }

  private async invoke(messages: Message[]): Promise<void> {
    const { consumer } = this.queue;
    const { logger } = this.options;
    const event = toSqsEvent(messages, this.queue.queueArn, this.options.region);
    const context = createLambdaContext({
      functionName: consumer.name,
      timeoutSeconds: consumer.timeout,
      memorySize: consumer.memorySize,
      region: this.options.region,
    });
    let outcome: Outcome;
    try {
      const handler = this.queue.handler ?? ((await loadExport(consumer.handler, 'handler')) as SqsHandler);
      outcome = { ok: true, value: await invokeWithTimeout(() => handler(event, context), consumer.timeout) };
    } catch (error) {
      outcome = { ok: false, error: errorMessage(error) };
    }
    const settled = settleBatch(event.Records, outcome);
    for (const record of event.Records) {
      if (!settled.failed.includes(record.messageId)) continue;
      const receives = Number(record.attributes.ApproximateReceiveCount);
      logger.event('warn', 'record failed', {
        queue: this.queueName,
        messageId: record.messageId,
        receiveCount: receives,
        error: settled.reason,
        ...(receives >= consumer.maxReceiveCount ? { next: 'dead-letter queue' } : {}),
      });
    }
    await this.delete(event.Records.filter((r) => !settled.failed.includes(r.messageId)));
  }

  private async delete(records: SQSRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += 10) {
      const chunk = records.slice(i, i + 10);
      try {
        const { Failed = [] } = await this.options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.queue.queueUrl,
            Entries: chunk.map((r, index) => ({ Id: String(index), ReceiptHandle: r.receiptHandle })),
          }),
        );
        for (const failure of Failed) {
          const record = chunk[Number(failure.Id)];
          this.options.logger.event('error', 'delete failed; the record will be delivered again', {
            queue: this.queueName,
            messageId: record?.messageId,
            error: failure.Message ?? failure.Code,
          });
        }
      } catch (error) {
        this.options.logger.event('error', 'delete failed; the records will be delivered again', {
          queue: this.queueName,
          messageIds: chunk.map((r) => r.messageId),
          error: errorMessage(error),
        });
      }
    }
  }
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Which records failed, by Lambda's rules for ReportBatchItemFailures: no response, an empty
 * one or an empty `batchItemFailures` is complete success; a throw, a malformed response or a
 * failure naming no record of the batch fails the whole batch; otherwise the named ones fail.
 */
export function settleBatch(records: SQSRecord[], outcome: Outcome): { failed: string[]; reason?: string } {
  const all = records.map((r) => r.messageId);
  if (!outcome.ok) return { failed: all, reason: outcome.error };
  const response = outcome.value;
  if (response === undefined || response === null) return { failed: [] };
  if (typeof response !== 'object' || Array.isArray(response)) return { failed: all, reason: 'invalid batch response' };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { failed: [] };
  if (!Array.isArray(failures)) return { failed: all, reason: 'invalid batch response' };
  const ids = failures.map((f: unknown) => (f as { itemIdentifier?: unknown } | null)?.itemIdentifier);
  if (ids.some((id) => typeof id !== 'string' || !all.includes(id))) {
    return { failed: all, reason: 'batchItemFailures names a record not in the batch' };
  }
  return { failed: [...new Set(ids as string[])], reason: 'reported in batchItemFailures' };
}

/** The event Lambda builds from received messages. */
export function toSqsEvent(messages: Message[], queueArn: string, region: string): SQSEvent {
  return {
    Records: messages.map((m): SQSRecord => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '',
        SenderId: '',
        ApproximateFirstReceiveTimestamp: '',
        ...m.Attributes,
      },
      messageAttributes: toLambdaAttributes(m.MessageAttributes),
      md5OfBody: m.MD5OfBody ?? '',
      ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}

/** SQS's `{DataType, StringValue, BinaryValue}` in Lambda's lower-camel shape, binaries base64. */
function toLambdaAttributes(attributes: Record<string, MessageAttributeValue> | undefined): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    out[name] = {
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
      dataType: value.DataType ?? 'String',
    };
  }
  return out;
}
