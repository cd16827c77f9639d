/** The JobQueue port on SQS. */
import { GetQueueAttributesCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueue, QueueMessage } from '../ports.ts';
import { rethrow } from './errors.ts';

const BATCH = 10;
const ATTEMPTS = 3;

export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: QueueMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += BATCH) {
      await this.sendBatch(messages.slice(start, start + BATCH));
    }
  }

  /** SendMessageBatch can accept some entries and refuse others: resend the refused ones. */
  private async sendBatch(batch: QueueMessage[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let failedIds: Set<string>;
      try {
        const out = await this.client.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: pending.map((message) => ({
              Id: message.id,
              MessageBody: message.body,
              MessageAttributes: message.attributes
                ? Object.fromEntries(Object.entries(message.attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]))
                : undefined,
            })),
          }),
        );
        failedIds = new Set((out.Failed ?? []).map((entry) => entry.Id ?? ''));
      } catch (error) {
        if (attempt >= ATTEMPTS) rethrow(error, 'The queue');
        failedIds = new Set(pending.map((message) => message.id));
      }
      pending = pending.filter((message) => failedIds.has(message.id));
      if (pending.length > 0 && attempt >= ATTEMPTS) {
        rethrow(Object.assign(new Error(`SQS refused ${pending.length} message(s)`), { name: 'ServiceUnavailable' }), 'The queue');
      }
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }

  async ping(): Promise<void> {
    try {
      await this.client.send(new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['QueueArn'] }));
    } catch (error) {
      rethrow(error, 'The queue');
    }
  }
}
