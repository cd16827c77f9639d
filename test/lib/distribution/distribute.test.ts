/**
 * distribute() against an in-memory store: what is copied, what is left alone, and what the
 * CDN is told when a re-distribution replaces a file that caches may still hold.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { distribute, type DistributeDeps } from '../../../lib/distribution/distribute.ts';
import { parseMediaPackage } from '../../../lib/mediapackage/index.ts';
import { MemoryStore } from '../../helpers/memory-store.ts';
import { RecordingCdn } from '../../helpers/recording-cdn.ts';
import { mediapackageXml } from '../../helpers/mediapackage.ts';

let store: MemoryStore;
let cdn: RecordingCdn;
let deps: DistributeDeps;

beforeEach(() => {
  store = new MemoryStore();
  cdn = new RecordingCdn();
  deps = {
    store,
    cdn,
    settings: {
      organization: 'org',
      distributionBucket: 'dist',
      distributionBaseUrl: 'https://cdn.example.org',
      sourceBaseUrl: 's3://ws/',
      sourceAllowedHosts: [],
      sourceAllowedBuckets: ['ws'],
      copyConcurrency: 4,
      availabilityAttempts: 1,
      availabilityDelayMs: 0,
    },
  };
  store.add('ws', 'talk.mp4', 'first version', { contentType: 'video/mp4' });
});

const request = () => ({
  mediapackage: parseMediaPackage(mediapackageXml('mp', [{ id: 'talk', url: 'talk.mp4' }])),
  channelId: 'engage',
  elementIds: ['talk'],
  checkAvailability: false,
  preserveReference: false,
});

describe('distribute', () => {
  it('copies a new file without telling the CDN: nothing can be cached yet', async () => {
    await distribute(deps, request());
    expect(store.keys('dist')).toEqual(['org/engage/mp/talk/talk.mp4']);
    expect(cdn.calls).toEqual([]);
  });

  it('leaves identical content alone on re-distribution, and the CDN too', async () => {
    await distribute(deps, request());
    await distribute(deps, request());
    expect(cdn.calls).toEqual([]);
  });

  it('invalidates a file that a re-distribution replaced with other bytes', async () => {
    await distribute(deps, request());
    store.add('ws', 'talk.mp4', 'a longer second version', { contentType: 'video/mp4' });
    await distribute(deps, request());
    expect(cdn.calls).toEqual([['/org/engage/mp/talk/talk.mp4']]);
    expect((await store.getText({ bucket: 'dist', key: 'org/engage/mp/talk/talk.mp4' }))).toBe('a longer second version');
  });
});

describe('distribute, many elements', () => {
  const many = 20;
  const manyRequest = () => ({
    ...request(),
    mediapackage: parseMediaPackage(mediapackageXml('mp', Array.from({ length: many }, (_, i) => ({ id: `e${i}`, url: `dir/${i}.mp4` })))),
    elementIds: Array.from({ length: many }, (_, i) => `e${i}`),
  });

  beforeEach(() => {
    for (let i = 0; i < many; i++) store.add('ws', `dir/${i}.mp4`, `content ${i}`, { contentType: 'video/mp4' });
  });

  it('copies every element, and on re-distribution recognises them all as unchanged from listings alone', async () => {
    await distribute(deps, manyRequest());
    expect(store.keys('dist')).toHaveLength(many);
    const copies: string[] = [];
    const copy = store.copy.bind(store);
    store.copy = async (...args) => {
      copies.push(args[1].key);
      return copy(...args);
    };
    await distribute(deps, manyRequest());
    expect(copies).toEqual([]);
    expect(cdn.calls).toEqual([]);
  });

  it('copies again only the element whose source changed, and invalidates it', async () => {
    await distribute(deps, manyRequest());
    store.add('ws', 'dir/7.mp4', 'content 7, revised', { contentType: 'video/mp4' });
    await distribute(deps, manyRequest());
    expect(cdn.calls).toEqual([['/org/engage/mp/e7/7.mp4']]);
    expect(await store.getText({ bucket: 'dist', key: 'org/engage/mp/e7/7.mp4' })).toBe('content 7, revised');
  });
});
