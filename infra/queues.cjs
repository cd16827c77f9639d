'use strict';
/**
 * The SQS queues of lib/routes.ts's queue consumers, each with its dead-letter queue:
 *   - queue name `<stack>-<queue>` and `<stack>-<queue>-dlq` (the stack name is
 *     `<service>-<stage>`, so stages can share an account);
 *   - VisibilityTimeout = visibilityTimeoutFor(consumer), above the consumer's timeout, so SQS
 *     never hands a message to a second worker while the first is still on it;
 *   - RedrivePolicy.maxReceiveCount from the table; the dead-letter queue keeps messages 14 days
 *     (the SQS maximum) and admits only its own source queue (RedriveAllowPolicy);
 *   - encrypted at rest with SQS-managed keys (SSE-SQS), which EventBridge can also write to
 *     without a KMS key policy.
 * Outputs: `<Queue>QueueUrl`, `<Queue>DeadLetterQueueUrl`.
 *
 * serverless.yml: `resources: [..., ${file(./infra/queues.cjs)}]`.
 */
const { loadRouteTable, queueLogicalIds } = require('./route-table.cjs');

const FOURTEEN_DAYS = 14 * 24 * 3600;
const FOUR_DAYS = 4 * 24 * 3600;

const queueName = (suffix) => ({ 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, suffix]] });

/** A queue's ARN from its name, without a reference to the queue (which would be circular here). */
const queueArn = (suffix) => ({
  'Fn::Join': [
    ':',
    ['arn', { Ref: 'AWS::Partition' }, 'sqs', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, queueName(suffix)],
  ],
});

function queues() {
  const { queueConsumers, visibilityTimeoutFor } = loadRouteTable();
  const Resources = {};
  const Outputs = {};
  for (const consumer of queueConsumers) {
    const ids = queueLogicalIds(consumer.queue);
    const dlqSuffix = `${consumer.queue}-dlq`;
    Resources[ids.deadLetterQueue] = {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: queueName(dlqSuffix),
        MessageRetentionPeriod: FOURTEEN_DAYS,
        SqsManagedSseEnabled: true,
        RedriveAllowPolicy: { redrivePermission: 'byQueue', sourceQueueArns: [queueArn(consumer.queue)] },
      },
    };
    Resources[ids.queue] = {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: queueName(consumer.queue),
        VisibilityTimeout: visibilityTimeoutFor(consumer),
        MessageRetentionPeriod: FOUR_DAYS,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [ids.deadLetterQueue, 'Arn'] },
          maxReceiveCount: consumer.maxReceiveCount,
        },
      },
    };
    Outputs[`${ids.queue}Url`] = {
      Description: `URL of the ${consumer.queue} queue (consumer: ${consumer.name})`,
      Value: { Ref: ids.queue },
    };
    Outputs[`${ids.deadLetterQueue}Url`] = {
      Description: `URL of the ${dlqSuffix} dead-letter queue`,
      Value: { Ref: ids.deadLetterQueue },
    };
  }
  return { Resources, Outputs };
}

module.exports = queues;
