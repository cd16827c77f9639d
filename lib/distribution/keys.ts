/**
 * Object keys and public URLs (CONTRACT section 2). Ids come from the mediapackage, which we
 * never trust: each becomes part of an object key, so each is checked before it is used.
 */
import { BadRequestError } from '../errors.ts';

// Control characters (C0, DEL, C1) have no business in a key and confuse logs and proxies.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A key part is a run of `/`-separated segments, none empty, `.` or `..`, with no backslash or
 * control character. `allowSlash` is for the mediapackage id (`10.0000/1` is a real one);
 * channel and element ids must be one segment so that prefixes never overlap.
 */
export function assertSafeId(what: string, value: string, { allowSlash = false } = {}): void {
  const problem = unsafeReason(value, allowSlash);
  if (problem) throw new BadRequestError(`The ${what} "${printable(value)}" is not allowed: ${problem}.`);
}

function unsafeReason(value: string, allowSlash: boolean): string | undefined {
  if (value === '') return 'it is empty';
  if (value.length > 512) return 'it is longer than 512 characters';
  if (CONTROL.test(value)) return 'it contains a control character';
  if (value.includes('\\')) return 'it contains a backslash';
  if (!allowSlash && value.includes('/')) return 'it contains "/"';
  for (const segment of value.split('/')) {
    if (segment === '') return 'it has an empty path segment';
    if (segment === '.' || segment === '..') return `it has a "${segment}" path segment`;
  }
  return undefined;
}

function printable(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface ElementLocation {
  organization: string;
  channelId: string;
  mediapackageId: string;
  elementId: string;
}

/** `{organization}/{channelId}/{mediapackageId}/`: everything of one mediapackage in one channel. */
export function mediapackagePrefix(location: Omit<ElementLocation, 'elementId'>): string {
  return `${location.organization}/${location.channelId}/${location.mediapackageId}/`;
}

/** `{organization}/{channelId}/{mediapackageId}/{elementId}/`: what retracting the element deletes. */
export function elementPrefix(location: ElementLocation): string {
  return `${mediapackagePrefix(location)}${location.elementId}/`;
}

/**
 * The segments of `key` below `prefix`, when it has exactly `depth` of them; otherwise undefined.
 * A mediapackage id may contain `/`, so below `{…}/mp/` a key `1/track/file` belongs to
 * mediapackage `mp/1`: only keys of the expected depth are this prefix's own
 * (1 below an element prefix: the file name; 2 below a mediapackage prefix: element and file).
 */
export function ownSegments(prefix: string, key: string, depth: 1 | 2): string[] | undefined {
  const segments = key.slice(prefix.length).split('/');
  return segments.length === depth ? segments : undefined;
}

export function objectKey(location: ElementLocation, fileName: string): string {
  return `${elementPrefix(location)}${fileName}`;
}

/** The public URL: the base, then the key with each segment percent-encoded. */
export function publicUrl(baseUrl: string, key: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The last segment of a URL's path, decoded (no query, no fragment). The same checks as ids
 * apply: it becomes the last segment of the key.
 */
export function fileNameOf(url: URL): string {
  const segments = url.pathname.split('/');
  const raw = segments[segments.length - 1] ?? '';
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new BadRequestError(`The source URL "${url.href}" has a malformed percent-encoding in its file name.`);
  }
  if (name === '') throw new BadRequestError(`The source URL "${url.href}" does not end in a file name.`);
  assertSafeId('file name', name);
  return name;
}
