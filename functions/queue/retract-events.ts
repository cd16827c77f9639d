/**
 * Consumer of the retract-events queue (plain messages or EventBridge events). Records fail
 * individually (ReportBatchItemFailures): only a record whose retraction failed is retried.
 * What happens to each record: lib/events/consume.ts.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { cdn } from '../../lib/aws/cdn.ts';
import { deps, retractEventsDlq } from '../../lib/aws/deps.ts';
import { consumeRetractMessage } from '../../lib/events/consume.ts';
import { logger } from '../../lib/log.ts';

const processor = new BatchProcessor(EventType.SQS);
const consumerDeps = { ...deps, cdn, deadLetters: retractEventsDlq };

const recordHandler = (record: SQSRecord) => consumeRetractMessage(consumerDeps, { messageId: record.messageId, body: record.body });

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
};
