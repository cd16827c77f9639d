/**
 * Retraction by event (CONTRACT section 4): a queue message, or an EventBridge event whose
 * `detail` holds it. Retracting is idempotent, so redelivered events are harmless.
 */
import { assertSafeId } from '../distribution/keys.ts';
import { retractElements, retractMediapackage, type RetractDeps } from '../distribution/retract.ts';

export interface RetractEvent {
  organization: string;
  channelId: string;
  mediapackageId: string;
  /** Absent: everything of the mediapackage in the channel. */
  elementIds?: string[];
}

/** A message that can never be processed: it belongs in the dead-letter queue, with this reason. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

export function parseRetractEvent(body: string, defaultOrganization: string): RetractEvent {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new MalformedEventError('The message body is not JSON.');
  }
  if (isRecord(value) && 'detail-type' in value && 'detail' in value) value = value.detail;
  if (!isRecord(value)) throw new MalformedEventError('The message is not a JSON object.');
  const { organization = defaultOrganization, channelId, mediapackageId, elementIds } = value;
  for (const [name, field] of Object.entries({ organization, channelId, mediapackageId })) {
    if (typeof field !== 'string' || field === '') throw new MalformedEventError(`"${name}" must be a non-empty string.`);
  }
  if (elementIds !== undefined && (!Array.isArray(elementIds) || !elementIds.every((id) => typeof id === 'string'))) {
    throw new MalformedEventError('"elementIds" must be an array of strings when present.');
  }
  const event: RetractEvent = {
    organization: organization as string,
    channelId: channelId as string,
    mediapackageId: mediapackageId as string,
    elementIds: elementIds === undefined ? undefined : [...new Set(elementIds as string[])],
  };
  try {
    assertSafeId('organization', event.organization);
    assertSafeId('channelId', event.channelId);
    assertSafeId('mediapackage id', event.mediapackageId, { allowSlash: true });
    event.elementIds?.forEach((id) => assertSafeId('element id', id));
  } catch (error) {
    throw new MalformedEventError((error as Error).message);
  }
  return event;
}

export async function handleRetractEvent(deps: RetractDeps, event: RetractEvent): Promise<string[]> {
  const { organization, channelId, mediapackageId } = event;
  if (event.elementIds === undefined) return retractMediapackage(deps, { organization, channelId, mediapackageId });
  return retractElements(
    deps,
    event.elementIds.map((elementId) => ({ organization, channelId, mediapackageId, elementId })),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
