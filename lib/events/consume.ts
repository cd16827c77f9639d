/**
 * One record of the retract-events queue. A malformed message can never succeed, so it is moved
 * to the dead-letter queue at once, with its reason as a message attribute, and the record then
 * succeeds. A failing retraction (storage down) is thrown: the queue retries the record and, after
 * maxReceiveCount, its redrive policy dead-letters it. Nothing is dropped, nothing loops forever.
 */
import { logger } from '../log.ts';
import type { RetractDeps } from '../distribution/retract.ts';
import type { JobQueue } from '../ports.ts';
import { handleRetractEvent, MalformedEventError, parseRetractEvent, type RetractEvent } from './retract-event.ts';

export interface RetractConsumerDeps extends RetractDeps {
  /** The queue's dead-letter queue. Without it a malformed message is thrown, and the redrive moves it later. */
  deadLetters?: JobQueue;
}

export interface ReceivedMessage {
  messageId: string;
  body: string;
}

export async function consumeRetractMessage(deps: RetractConsumerDeps, message: ReceivedMessage): Promise<void> {
  const { messageId } = message;
  let event: RetractEvent;
  try {
    event = parseRetractEvent(message.body, deps.settings.organization);
  } catch (error) {
    if (!(error instanceof MalformedEventError)) throw error;
    await deadLetter(deps, message, error.message);
    return;
  }
  try {
    const keys = await handleRetractEvent(deps, event);
    logger.info('Retract event processed', {
      messageId,
      organization: event.organization,
      channelId: event.channelId,
      mediapackageId: event.mediapackageId,
      elementIds: event.elementIds ?? 'all',
      objects: keys.length,
    });
  } catch (error) {
    logger.error('Retract event failed; the queue will retry it', { messageId, mediapackageId: event.mediapackageId, reason: (error as Error).message });
    throw error;
  }
}

async function deadLetter(deps: RetractConsumerDeps, message: ReceivedMessage, reason: string): Promise<void> {
  const { messageId } = message;
  if (!deps.deadLetters) {
    logger.error('Malformed retract event; the queue will dead-letter it after its retries', { messageId, reason });
    throw new MalformedEventError(reason);
  }
  // The body goes on unchanged (it is never logged: it may be anything); the reason rides along.
  await deps.deadLetters.send([{ id: '0', body: message.body, attributes: { reason, sourceMessageId: messageId } }]);
  logger.error('Malformed retract event sent to the dead-letter queue', { messageId, reason });
}
