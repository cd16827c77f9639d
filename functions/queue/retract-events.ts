/**
 * Consumer of the retract-events queue. A malformed message is moved to the dead-letter queue
 * at once with its reason (retrying can't fix it); a failing retraction is thrown so the queue
 * retries it and, after maxReceiveCount, dead-letters it.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { deps, retractEventsDlq } from '../../lib/aws/deps.ts';
import { handleRetractEvent, MalformedEventError, parseRetractEvent } from '../../lib/events/retract-event.ts';
import { logger } from '../../lib/log.ts';

const processor = new BatchProcessor(EventType.SQS);

async function recordHandler(record: SQSRecord): Promise<void> {
  let event;
  try {
    event = parseRetractEvent(record.body, deps.settings.organization);
  } catch (error) {
    if (!(error instanceof MalformedEventError) || !retractEventsDlq) throw error;
    logger.error('Malformed retract event sent to the dead-letter queue', { messageId: record.messageId, reason: error.message });
    await retractEventsDlq.send([{ id: '0', body: record.body, attributes: { reason: error.message, sourceMessageId: record.messageId } }]);
    return;
  }
  const keys = await handleRetractEvent(deps, event);
  logger.info('Retract event processed', {
    messageId: record.messageId,
    channelId: event.channelId,
    mediapackageId: event.mediapackageId,
    elementIds: event.elementIds,
    objects: keys.length,
  });
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
};
