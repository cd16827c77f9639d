/**
 * HLS playlists (Opencast's AdaptivePlaylist): a master names its variants, a variant its
 * segments, by paths relative to itself. Distributed, each element sits under its own prefix,
 * so every reference is rewritten to point at the distributed file of the element it names
 * (`variant_0.m3u8` → `../variant/variant_0.m3u8`).
 */
import { BadRequestError } from '../errors.ts';

const PLAYLIST_TYPES = new Set(['application/x-mpegurl', 'application/vnd.apple.mpegurl', 'audio/mpegurl', 'audio/x-mpegurl']);

export function isPlaylist(fileName: string, mimetype: string | undefined): boolean {
  return fileName.toLowerCase().endsWith('.m3u8') || PLAYLIST_TYPES.has((mimetype ?? '').toLowerCase());
}

/** Playlists are text, and small: anything bigger is not one we should hold in memory. */
export const MAX_PLAYLIST_BYTES = 4 * 1024 * 1024;

const URI_ATTRIBUTE = /URI="([^"]*)"/g;

/** Every URI a playlist refers to: lines that are not tags or comments, and URI="…" attributes of tags. */
export function playlistReferences(text: string): string[] {
  const found: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      for (const match of line.matchAll(URI_ATTRIBUTE)) found.push(match[1]!);
    } else {
      found.push(line);
    }
  }
  return found;
}

/** Rewrites each reference through `map`; `undefined` leaves it as it was. Line endings are kept. */
export function rewritePlaylist(text: string, map: (uri: string) => string | undefined): string {
  return text
    .split(/(\r?\n)/)
    .map((part) => {
      const line = part.trim();
      if (line === '' || part === '\n' || part === '\r\n') return part;
      if (line.startsWith('#')) {
        return part.replace(URI_ATTRIBUTE, (whole, uri: string) => {
          const mapped = map(uri);
          return mapped === undefined ? whole : `URI="${mapped}"`;
        });
      }
      return map(line) ?? part;
    })
    .join('');
}

/** A reference is external when it is an absolute URL: those are left untouched. */
export function isExternal(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('//');
}

export interface PlaylistMember {
  elementId: string;
  /** The source URL, resolved: references are resolved against the playlist's own source. */
  sourceUrl: URL;
  fileName: string;
  /** Opencast's <logicalname>, which HLS fixtures use to name the file a playlist refers to. */
  logicalName?: string;
}

/**
 * The distributed path of `uri` relative to the playlist `from`: `../{elementId}/{fileName}`.
 * Throws a 400 naming the reference when no requested element is the file it names.
 */
export function relativeTarget<M extends PlaylistMember>(
  from: PlaylistMember,
  uri: string,
  members: M[],
): { path: string; member: M } | undefined {
  if (isExternal(uri)) return undefined;
  const [path = ''] = uri.split(/[?#]/);
  let resolved: URL;
  try {
    resolved = new URL(path, from.sourceUrl);
  } catch {
    throw new BadRequestError(`The playlist of element "${from.elementId}" has a reference that is not a valid path: "${uri}".`);
  }
  const lastSegment = resolved.pathname.split('/').pop() ?? '';
  let baseName = lastSegment;
  try {
    baseName = decodeURIComponent(lastSegment);
  } catch {
    // A stray % is a literal character in a playlist path; compare it as written.
  }
  const target =
    members.find((member) => member.sourceUrl.href === resolved.href) ??
    members.find((member) => member.fileName === baseName || member.logicalName === baseName);
  if (!target) {
    throw new BadRequestError(
      `The playlist of element "${from.elementId}" refers to "${uri}", which is not one of the elements requested with it; distribute the playlist together with every file it names.`,
    );
  }
  const suffix = uri.slice(path.length);
  const file = encodeURIComponent(target.fileName);
  const rewritten = target.elementId === from.elementId ? `${file}${suffix}` : `../${encodeURIComponent(target.elementId)}/${file}${suffix}`;
  return { path: rewritten, member: target };
}
