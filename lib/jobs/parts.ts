/**
 * How a job is cut into queue messages. A large element gets a message of its own, so a big
 * track never waits behind another; small ones share messages, so a job of a thousand
 * attachments is not a thousand worker round trips; a playlist and the files it names stay
 * together. Each message carries its elements, so a worker needs neither the job record nor
 * the whole mediapackage.
 */
import { findElement, parseElementArray, serializeElement, type MediaPackage } from '../mediapackage/index.ts';
import type { Operation } from './model.ts';

/** At or above this size (or of unknown size) an element travels alone. */
export const LARGE_ELEMENT_BYTES = 100 * 1024 * 1024;
export const MAX_ELEMENTS_PER_PART = 25;
/** Element XML per message; SQS takes 256 KiB in all. */
const MAX_PART_XML_BYTES = 128 * 1024;

export interface PartMessage {
  jobId: string;
  part: number;
  operation: Operation;
  channelId: string;
  mediapackageId: string;
  checkAvailability: boolean;
  preserveReference: boolean;
  /** The part's elements as an element array; absent when too large for a message (the worker reads the job record). */
  elements?: string;
}

export interface PackItem {
  elementIds: string[];
  /** Bytes to copy; undefined when unknown. */
  size?: number;
}

/** Groups in order; small single elements are packed together, everything else stays as it is. */
export function packParts(groups: PackItem[], xmlBytes: (elementId: string) => number): string[][] {
  const parts: string[][] = [];
  let open: { ids: string[]; bytes: number; xml: number } | undefined;
  for (const group of groups) {
    const xml = group.elementIds.reduce((sum, id) => sum + xmlBytes(id), 0);
    const small = group.elementIds.length === 1 && group.size !== undefined && group.size < LARGE_ELEMENT_BYTES;
    if (!small) {
      parts.push(group.elementIds);
      continue;
    }
    const fits = open && open.ids.length < MAX_ELEMENTS_PER_PART && open.bytes + group.size! < LARGE_ELEMENT_BYTES && open.xml + xml <= MAX_PART_XML_BYTES;
    if (!fits) {
      open = { ids: [], bytes: 0, xml: 0 };
      parts.push(open.ids);
    }
    open!.ids.push(...group.elementIds);
    open!.bytes += group.size!;
    open!.xml += xml;
  }
  return parts;
}

/** Each requested element serialized once, for packing and for the messages. */
export function serializeRequested(mediapackage: MediaPackage, channelId: string, elementIds: string[]): Map<string, string> {
  return new Map(elementIds.map((id) => [id, serializeElement(findElement(mediapackage, id, channelId)!)]));
}

/** The element array a part's message carries, or undefined when it would not fit in one. */
export function partElements(xmlById: Map<string, string>, elementIds: string[]): string | undefined {
  const xml = elementIds.map((id) => xmlById.get(id)!).join('###');
  return Buffer.byteLength(xml) <= MAX_PART_XML_BYTES ? xml : undefined;
}

/**
 * The mediapackage a worker needs for one part: its id and the part's elements. Publication
 * elements come along as top-level ones, where the lookup finds them first.
 */
export function partMediapackage(mediapackageId: string, elements: string): MediaPackage {
  return { id: mediapackageId, elements: parseElementArray(elements), publications: [] };
}
