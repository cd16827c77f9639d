/** Which elements a request names, and whether its ids may become object keys. */
import { BadRequestError } from '../errors.ts';
import { findElement, type MediaPackage, type MediaPackageElement } from '../mediapackage/index.ts';
import { assertSafeId, type ElementLocation } from './keys.ts';

export interface ElementTarget {
  element: MediaPackageElement;
  location: ElementLocation;
}

/**
 * The requested elements in the requested order, each with its place in the bucket. Every id
 * must name an element (top level first, then the publication of this channel, as Opencast
 * looks them up) and be safe as a key segment; otherwise the whole request is refused.
 */
export function resolveTargets(
  mediapackage: MediaPackage,
  channelId: string,
  elementIds: string[],
  organization: string,
): ElementTarget[] {
  assertSafeId('channelId', channelId);
  assertSafeId('mediapackage id', mediapackage.id, { allowSlash: true });
  return elementIds.map((elementId) => {
    const element = findElement(mediapackage, elementId, channelId);
    if (!element) {
      throw new BadRequestError(`The mediapackage "${mediapackage.id}" has no element with the id "${elementId}".`);
    }
    assertSafeId('element id', elementId);
    return { element, location: { organization, channelId, mediapackageId: mediapackage.id, elementId } };
  });
}
