import type { Message } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { settleBatch, toSqsEvent } from '../../../infra/local/poller.ts';
import { queueArnFromUrl } from '../../../infra/local/queues.ts';

const arn = 'arn:aws:sqs:us-east-1:123456789012:distribution-jobs';
const message = (id: string): Message => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}`,
  Body: `{"n":"${id}"}`,
  MD5OfBody: 'md5',
  Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1700000000000', SenderId: 'S', ApproximateFirstReceiveTimestamp: '1700000000001' },
});

describe('toSqsEvent', () => {
  it('builds the records Lambda builds', () => {
    const event = toSqsEvent(
      [
        {
          ...message('m1'),
          MD5OfMessageAttributes: 'md5a',
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: 'retract' },
            blob: { DataType: 'Binary', BinaryValue: Buffer.from('hi') },
          },
        },
      ],
      arn,
      'us-east-1',
    );
    expect(event.Records).toEqual([
      {
        messageId: 'm1',
        receiptHandle: 'rh-m1',
        body: '{"n":"m1"}',
        attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1700000000000', SenderId: 'S', ApproximateFirstReceiveTimestamp: '1700000000001' },
        messageAttributes: {
          kind: { stringValue: 'retract', stringListValues: [], binaryListValues: [], dataType: 'String' },
          blob: { binaryValue: Buffer.from('hi').toString('base64'), stringListValues: [], binaryListValues: [], dataType: 'Binary' },
        },
        md5OfBody: 'md5',
        md5OfMessageAttributes: 'md5a',
        eventSource: 'aws:sqs',
        eventSourceARN: arn,
        awsRegion: 'us-east-1',
      },
    ]);
  });
});

describe('settleBatch (Lambda ReportBatchItemFailures rules)', () => {
  const records: SQSRecord[] = toSqsEvent([message('a'), message('b'), message('c')], arn, 'us-east-1').Records;

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['an empty failure list', { batchItemFailures: [] }],
    ['a null failure list', { batchItemFailures: null }],
  ])('treats %s as complete success', (_, value) => {
    expect(settleBatch(records, { ok: true, value }).failed).toEqual([]);
  });

  it('fails only the records named', () => {
    const settled = settleBatch(records, { ok: true, value: { batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'b' }] } });
    expect(settled.failed).toEqual(['b']);
  });

  it.each([
    ['a throw', { ok: false as const, error: 'boom' }],
    ['a non-object', { ok: true as const, value: 'done' }],
    ['a failure list that is not a list', { ok: true as const, value: { batchItemFailures: 'b' } }],
    ['an empty identifier', { ok: true as const, value: { batchItemFailures: [{ itemIdentifier: '' }] } }],
    ['a null identifier', { ok: true as const, value: { batchItemFailures: [{ itemIdentifier: null }] } }],
    ['a misspelled key', { ok: true as const, value: { batchItemFailures: [{ itemId: 'a' }] } }],
    ['an id from another batch', { ok: true as const, value: { batchItemFailures: [{ itemIdentifier: 'z' }] } }],
  ])('fails the whole batch on %s', (_, outcome) => {
    expect(settleBatch(records, outcome).failed).toEqual(['a', 'b', 'c']);
  });
});

describe('queueArnFromUrl', () => {
  it('reads account and name from the path', () => {
    expect(queueArnFromUrl('http://localhost:9324/000000000000/retract-events', 'eu-west-1')).toBe(
      'arn:aws:sqs:eu-west-1:000000000000:retract-events',
    );
  });
});
