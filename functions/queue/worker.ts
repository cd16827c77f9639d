/**
 * Worker for the distribution-jobs queue: each record is one part of a job. Records fail
 * individually (ReportBatchItemFailures), so one bad element doesn't redeliver the others.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { cdn } from '../../lib/aws/cdn.ts';
import { deps } from '../../lib/aws/deps.ts';
import { signer } from '../../lib/aws/signer.ts';
import { config } from '../../lib/config.ts';
import { parsePartMessage, processPart } from '../../lib/jobs/process.ts';
import { logger } from '../../lib/log.ts';
import { queueConsumers, visibilityTimeoutFor } from '../../lib/routes.ts';

const consumer = queueConsumers.find((entry) => entry.name === 'worker')!;
const visibilityTimeoutMs = (config().queueVisibilityTimeoutSeconds ?? visibilityTimeoutFor(consumer)) * 1000;
const processor = new BatchProcessor(EventType.SQS);
const workerDeps = { ...deps, cdn, signer };

async function recordHandler(record: SQSRecord): Promise<void> {
  // Records run in parallel, so ids go into each log line rather than into shared logger keys.
  try {
    const message = parsePartMessage(record.body);
    await processPart(workerDeps, message, {
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
      maxReceiveCount: consumer.maxReceiveCount,
      visibilityTimeoutMs,
    });
  } catch (error) {
    logger.error('Record failed; the queue will retry it', { messageId: record.messageId, reason: (error as Error).message });
    throw error;
  }
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
};
