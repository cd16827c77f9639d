/**
 * Follows an HLS playlist as a player does, independently of lib/distribution/hls.ts (a test that
 * used the service's own parser could not catch what that parser misses): every reference is
 * resolved against the URL of the playlist that names it, variants are followed, and each media
 * reference becomes a byte range to fetch (EXT-X-MAP's BYTERANGE, or the EXT-X-BYTERANGE before it).
 */
export interface MediaRange {
  url: string;
  offset: number;
  length: number;
}

export interface Walk {
  /** Every playlist fetched, by URL, with its text. */
  playlists: Map<string, string>;
  media: MediaRange[];
}

const byteRange = (value: string) => {
  const [length = '', offset = '0'] = value.split('@');
  return { length: Number(length), offset: Number(offset) };
};

export async function walkPlaylist(url: string, walk: Walk = { playlists: new Map(), media: [] }): Promise<Walk> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  const text = await response.text();
  walk.playlists.set(url, text);
  let range: { length: number; offset: number } | undefined;
  for (const line of text.split(/\r?\n/).map((l) => l.trim())) {
    if (line.startsWith('#EXT-X-MAP:')) {
      const uri = /URI="([^"]*)"/.exec(line)?.[1] ?? '';
      const map = /BYTERANGE="([^"]*)"/.exec(line)?.[1];
      walk.media.push({ url: new URL(uri, url).href, ...(map ? byteRange(map) : { offset: 0, length: -1 }) });
    } else if (line.startsWith('#EXT-X-BYTERANGE:')) {
      range = byteRange(line.slice('#EXT-X-BYTERANGE:'.length));
    } else if (line !== '' && !line.startsWith('#')) {
      const target = new URL(line, url).href;
      if (new URL(target).pathname.endsWith('.m3u8')) await walkPlaylist(target, walk);
      else walk.media.push({ url: target, ...(range ?? { offset: 0, length: -1 }) });
      range = undefined;
    }
  }
  return walk;
}

/** The bytes of one media range, asked for with a Range header as players do. */
export async function fetchRange({ url, offset, length }: MediaRange): Promise<{ status: number; body: Buffer }> {
  const headers: Record<string, string> = length < 0 ? {} : { range: `bytes=${offset}-${offset + length - 1}` };
  const response = await fetch(url, { headers });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}
