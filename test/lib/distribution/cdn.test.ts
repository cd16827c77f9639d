import { describe, expect, it } from 'vitest';
import { invalidateKeys, invalidationPath } from '../../../lib/distribution/cdn.ts';

describe('invalidationPath', () => {
  it('percent-encodes paths as the public URLs do, and the ~ that CloudFront wants encoded too', () => {
    expect(invalidationPath('https://cdn.example.org', 'org/ch/10.0000/1/a b/ü~(1).mp4')).toBe('/org/ch/10.0000/1/a%20b/%C3%BC%7E(1).mp4');
    expect(invalidationPath('https://cdn.example.org', 'org/ch/mp/el/%3F#.mp4')).toBe('/org/ch/mp/el/%253F%23.mp4');
  });
  it('includes the path of DISTRIBUTION_BASE_URL, which viewers request', () => {
    expect(invalidationPath('https://cdn.example.org/media/', 'org/ch/mp/el/a.mp4')).toBe('/media/org/ch/mp/el/a.mp4');
  });
  it('cuts a path at its first *, the only place CloudFront accepts its wildcard', () => {
    expect(invalidationPath('https://cdn.example.org', 'org/ch/mp/el/take*2.mp4')).toBe('/org/ch/mp/el/take*');
  });
  it('keeps a key segment of .. as it is', () => {
    expect(invalidationPath('https://cdn.example.org', 'org/ch/mp/el/..')).toBe('/org/ch/mp/el/..');
  });
});

describe('invalidateKeys', () => {
  it('invalidates every key in one call', async () => {
    const calls: string[][] = [];
    await invalidateKeys({ cdn: { invalidate: async (paths) => void calls.push(paths) }, settings: { distributionBaseUrl: 'https://cdn.example.org' } }, ['a/b.mp4', 'a/c.mp4']);
    expect(calls).toEqual([['/a/b.mp4', '/a/c.mp4']]);
  });

  it('calls nothing for no keys, and swallows a failing CDN', async () => {
    let called = false;
    const failing = { invalidate: async () => { called = true; throw new Error('throttled'); } };
    await invalidateKeys({ cdn: failing, settings: { distributionBaseUrl: 'https://cdn.example.org' } }, []);
    expect(called).toBe(false);
    await expect(invalidateKeys({ cdn: failing, settings: { distributionBaseUrl: 'https://cdn.example.org' } }, ['k'])).resolves.toBeUndefined();
    expect(called).toBe(true);
  });
});
