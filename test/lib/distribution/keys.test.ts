import { describe, expect, it } from 'vitest';
import { assertSafeId, elementPrefix, fileNameOf, mediapackagePrefix, objectKey, publicUrl } from '../../../lib/distribution/keys.ts';

const location = { organization: 'mh_default_org', channelId: 'engage-player', mediapackageId: '10.0000/1', elementId: 'track-1' };

describe('object keys', () => {
  it('follow {organization}/{channelId}/{mediapackageId}/{elementId}/{fileName}, keeping a / in the mediapackage id', () => {
    expect(objectKey(location, 'media.mov')).toBe('mh_default_org/engage-player/10.0000/1/track-1/media.mov');
    expect(elementPrefix(location)).toBe('mh_default_org/engage-player/10.0000/1/track-1/');
    expect(mediapackagePrefix(location)).toBe('mh_default_org/engage-player/10.0000/1/');
  });

  it('become public URLs with each segment percent-encoded but the separators kept', () => {
    const key = objectKey({ ...location, elementId: 'a b' }, 'ü?#.mov');
    expect(publicUrl('https://cdn.example.org/base/', key)).toBe(
      'https://cdn.example.org/base/mh_default_org/engage-player/10.0000/1/a%20b/%C3%BC%3F%23.mov',
    );
  });
});

describe('assertSafeId', () => {
  it.each([
    ['empty', ''],
    ['dot segment', '.'],
    ['dot-dot segment', '..'],
    ['backslash', 'a\\b'],
    ['control character', 'a\u0000b'],
    ['newline', 'a\nb'],
    ['C1 control', 'a\u0085b'],
    ['slash in a one-segment id', 'a/b'],
  ])('refuses an id with a %s', (_, value) => {
    expect(() => assertSafeId('element id', value)).toThrow(/element id .* is not allowed/);
  });

  it.each([['10.0000/1'], ['a/b/c']])('allows / in a mediapackage id (%s)', (value) => {
    expect(() => assertSafeId('mediapackage id', value, { allowSlash: true })).not.toThrow();
  });

  it.each([['/leading'], ['trailing/'], ['a//b'], ['a/../b'], ['a/./b']])('refuses empty and dot segments in a mediapackage id (%s)', (value) => {
    expect(() => assertSafeId('mediapackage id', value, { allowSlash: true })).toThrow(/segment/);
  });

  it('names the problem in one sentence with the control character made visible', () => {
    expect(() => assertSafeId('channelId', 'x\u0007')).toThrow('The channelId "x\\u0007" is not allowed: it contains a control character.');
  });
});

describe('fileNameOf', () => {
  it('takes the last path segment, decoded, without query or fragment', () => {
    expect(fileNameOf(new URL('https://h/a/b/my%20file.mp4?x=1#t=3'))).toBe('my file.mp4');
    expect(fileNameOf(new URL('s3://workspace/10.0000/1/media.mov'))).toBe('media.mov');
  });

  it('refuses a URL that ends in a slash, or a file name with a backslash', () => {
    expect(() => fileNameOf(new URL('https://h/a/'))).toThrow(/does not end in a file name/);
    expect(() => fileNameOf(new URL('s3://w/a/x%5Cy.mp4'))).toThrow(/not allowed: it contains a backslash/);
  });
});
