import { describe, expect, it } from 'vitest';
import { describeSource, resolveSource } from '../../../lib/distribution/sources.ts';

const policy = {
  sourceBaseUrl: 's3://workspace/',
  sourceAllowedHosts: ['127.0.0.1', 'media.example.org', '[::1]'],
  sourceAllowedBuckets: ['workspace'],
};

describe('resolveSource', () => {
  it('resolves a relative url against SOURCE_BASE_URL into an s3 object', () => {
    const source = resolveSource('track-1', 'media.mov', policy);
    expect(source).toMatchObject({ kind: 's3', ref: { bucket: 'workspace', key: 'media.mov' } });
  });

  it('decodes the key of an s3 url', () => {
    expect(resolveSource('t', 's3://workspace/10.0000/1/a%20b.mov', policy)).toMatchObject({ ref: { key: '10.0000/1/a b.mov' } });
  });

  it('refuses an s3 bucket that is not an allowed source', () => {
    expect(() => resolveSource('t', 's3://distribution/other-org/x.mp4', policy)).toThrow(/bucket "distribution", which is not an allowed source bucket/);
  });

  it('accepts http(s) only on allowed hosts', () => {
    expect(resolveSource('t', 'https://media.example.org/x.mp4', policy)).toMatchObject({ kind: 'http' });
    expect(resolveSource('t', 'http://[::1]:8080/x.mp4', policy)).toMatchObject({ kind: 'http' });
    expect(() => resolveSource('t', 'http://169.254.169.254/latest/meta-data', policy)).toThrow(/source host "169.254.169.254" that is not allowed/);
  });

  it.each([['file:///etc/passwd'], ['urn:x:y'], ['ftp://media.example.org/x']])('refuses other schemes (%s)', (url) => {
    expect(() => resolveSource('t', url, policy)).toThrow(/only s3:\/\/ and http\(s\):\/\/ sources/);
  });

  it('refuses an empty url', () => {
    expect(() => resolveSource('t', '  ', policy)).toThrow('Element "t" has no url.');
  });

  it('never shows credentials of a source url', () => {
    const source = resolveSource('t', 'https://user:secret@media.example.org/x.mp4', policy);
    expect(describeSource(source)).toBe('https://media.example.org/x.mp4');
  });
});
