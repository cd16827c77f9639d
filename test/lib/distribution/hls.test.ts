import { describe, expect, it } from 'vitest';
import { isPlaylist, playlistReferences, relativeTarget, rewritePlaylist, type PlaylistMember } from '../../../lib/distribution/hls.ts';
import { readSample } from '../../fixtures.ts';

const member = (elementId: string, file: string, logicalName?: string): PlaylistMember => ({
  elementId,
  sourceUrl: new URL(file, 's3://workspace/mp/'),
  fileName: file,
  logicalName,
});
const members = [member('master', 'master.m3u8'), member('variant', 'variant_0.m3u8'), member('segments', 'file_0.mp4')];

describe('HLS playlists', () => {
  it('recognise playlists by extension or mimetype', () => {
    expect(isPlaylist('x.M3U8', undefined)).toBe(true);
    expect(isPlaylist('x', 'application/x-mpegURL')).toBe(true);
    expect(isPlaylist('x.mp4', 'video/mp4')).toBe(false);
  });

  it('find URI lines and URI attributes', () => {
    const variant = readSample('download-hls-variant_0.m3u8');
    expect(playlistReferences(variant)).toEqual(['file_0.mp4', 'file_0.mp4', 'file_0.mp4']);
    expect(playlistReferences(readSample('download-hls-master.m3u8'))).toEqual(['variant_0.m3u8']);
  });

  it('rewrite the master as Opencast does: variant_0.m3u8 -> ../variant/variant_0.m3u8', () => {
    const master = readSample('download-hls-master.m3u8');
    const rewritten = rewritePlaylist(master, (uri) => relativeTarget(members[0]!, uri, members)?.path);
    expect(rewritten).toBe(master.replace('\nvariant_0.m3u8', '\n../variant/variant_0.m3u8'));
  });

  it('rewrite every segment reference of a variant, including EXT-X-MAP', () => {
    const variant = readSample('download-hls-variant_0.m3u8');
    const rewritten = rewritePlaylist(variant, (uri) => relativeTarget(members[1]!, uri, members)?.path);
    expect(rewritten).toContain('#EXT-X-MAP:URI="../segments/file_0.mp4",BYTERANGE="1319@0"');
    expect(playlistReferences(rewritten)).toEqual(Array(3).fill('../segments/file_0.mp4'));
    expect(rewritten.split('\n').length).toBe(variant.split('\n').length);
  });

  it('leave absolute URLs alone', () => {
    expect(relativeTarget(members[0]!, 'https://cdn.example.org/x.ts', members)).toBeUndefined();
  });

  it('refuse a reference to a file that was not requested with the playlist, naming it', () => {
    expect(() => relativeTarget(members[0]!, 'variant_1.m3u8', members)).toThrow(/refers to "variant_1.m3u8", which is not one of the elements requested/);
  });

  it('match a reference by logical name when the source file is named differently', () => {
    const renamed = [members[0]!, member('variant', 'abc123.m3u8', 'variant_0.m3u8')];
    expect(relativeTarget(renamed[0]!, 'variant_0.m3u8', renamed)?.path).toBe('../variant/abc123.m3u8');
  });
});
