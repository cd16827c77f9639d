/**
 * Retraction against an in-memory store: exactly the element's (or mediapackage's) files go,
 * and CloudFront is told about exactly those, once per retraction, on a best-effort basis.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { retract, retractElements, retractMediapackage, type RetractDeps } from '../../../lib/distribution/retract.ts';
import { parseMediaPackage } from '../../../lib/mediapackage/index.ts';
import { MemoryStore } from '../../helpers/memory-store.ts';
import { RecordingCdn } from '../../helpers/recording-cdn.ts';
import { mediapackageXml } from '../../helpers/mediapackage.ts';

const BUCKET = 'dist';
const MP = 'org/engage/10.0000/1';

let store: MemoryStore;
let cdn: RecordingCdn;
let deps: RetractDeps;

beforeEach(() => {
  store = new MemoryStore();
  cdn = new RecordingCdn();
  deps = {
    store,
    cdn,
    settings: { organization: 'org', distributionBucket: BUCKET, distributionBaseUrl: 'https://cdn.example.org', copyConcurrency: 4 },
  };
  for (const key of [
    `${MP}/track-1/media.mov`,
    `${MP}/track-1/media-2.mov`,
    `${MP}/catalog-1/dublincore.xml`,
    // Mediapackage 10.0000/1/2, whose id continues 10.0000/1's: never ours to delete.
    `${MP}/2/track-1/media.mov`,
    'org/internal/10.0000/1/track-1/media.mov',
  ]) {
    store.add(BUCKET, key, 'bytes');
  }
});

const mediapackage = parseMediaPackage(
  mediapackageXml('10.0000/1', [
    { id: 'track-1', url: 'media.mov' },
    { id: 'catalog-1', kind: 'catalog', url: 'dublincore.xml', mimetype: 'text/xml' },
    { id: '2', url: 'two.mp4' },
  ]),
);
const location = (elementId: string, mediapackageId = '10.0000/1') => ({ organization: 'org', channelId: 'engage', mediapackageId, elementId });

describe('retract', () => {
  it('deletes every file of the element, answers it as given, and invalidates exactly those paths in one call', async () => {
    const elements = await retract(deps, { mediapackage, channelId: 'engage', elementIds: ['track-1'] });
    expect(elements.map((e) => [e.id, e.url])).toEqual([['track-1', 'media.mov']]);
    expect(store.keys(BUCKET)).toEqual([`${MP}/2/track-1/media.mov`, `${MP}/catalog-1/dublincore.xml`, 'org/internal/10.0000/1/track-1/media.mov']);
    expect(cdn.calls).toEqual([[`/${MP}/track-1/media-2.mov`, `/${MP}/track-1/media.mov`]]);
  });

  it('leaves a mediapackage whose id continues with the element id alone', async () => {
    await retract(deps, { mediapackage, channelId: 'engage', elementIds: ['2'] });
    expect(store.keys(BUCKET)).toContain(`${MP}/2/track-1/media.mov`);
    expect(cdn.calls).toEqual([]);
  });

  it('invalidates nothing when nothing was distributed', async () => {
    await retract(deps, { mediapackage, channelId: 'never-used', elementIds: ['track-1', 'catalog-1'] });
    expect(store.deleteCalls.flatMap((c) => c.keys)).toEqual([]);
    expect(cdn.calls).toEqual([]);
  });
});

describe('retractElements', () => {
  it('invalidates the files of several elements in one call', async () => {
    const keys = await retractElements(deps, [location('track-1'), location('catalog-1')]);
    expect(keys.sort()).toEqual([`${MP}/catalog-1/dublincore.xml`, `${MP}/track-1/media-2.mov`, `${MP}/track-1/media.mov`]);
    expect(cdn.calls).toHaveLength(1);
    expect(cdn.calls[0]!.sort()).toEqual(keys.map((key) => `/${key}`));
  });
});

describe('retractMediapackage', () => {
  it('deletes every file of the mediapackage in the channel, and nothing of another channel or mediapackage', async () => {
    const keys = await retractMediapackage(deps, { organization: 'org', channelId: 'engage', mediapackageId: '10.0000/1' });
    expect(keys).toEqual([`${MP}/catalog-1/dublincore.xml`, `${MP}/track-1/media-2.mov`, `${MP}/track-1/media.mov`]);
    expect(store.keys(BUCKET)).toEqual([`${MP}/2/track-1/media.mov`, 'org/internal/10.0000/1/track-1/media.mov']);
    expect(cdn.calls).toEqual([keys.map((key) => `/${key}`)]);
  });

  it('takes the longer id on its own, without touching the shorter one', async () => {
    const keys = await retractMediapackage(deps, { organization: 'org', channelId: 'engage', mediapackageId: '10.0000/1/2' });
    expect(keys).toEqual([`${MP}/2/track-1/media.mov`]);
    expect(store.keys(BUCKET)).toHaveLength(4);
  });

  it('invalidates nothing for a mediapackage with no files', async () => {
    expect(await retractMediapackage(deps, { organization: 'org', channelId: 'engage', mediapackageId: 'unknown' })).toEqual([]);
    expect(cdn.calls).toEqual([]);
  });
});

describe('CDN invalidation', () => {
  it('does not fail a retraction that already happened', async () => {
    cdn.failure = new Error('CloudFront is down');
    const keys = await retractMediapackage(deps, { organization: 'org', channelId: 'engage', mediapackageId: '10.0000/1' });
    expect(keys).toHaveLength(3);
    expect(cdn.calls).toHaveLength(1);
    expect(store.keys(BUCKET)).not.toContain(`${MP}/track-1/media.mov`);
  });

  it('is skipped without a CDN', async () => {
    const { cdn: _cdn, ...withoutCdn } = deps;
    expect(await retractElements(withoutCdn, [location('track-1')])).toHaveLength(2);
  });



  it('is invalidated with the base path on a real retraction', async () => {
    deps.settings.distributionBaseUrl = 'https://cdn.example.org/media';
    await retractElements(deps, [location('catalog-1')]);
    expect(cdn.calls).toEqual([[`/media/${MP}/catalog-1/dublincore.xml`]]);
  });
});
