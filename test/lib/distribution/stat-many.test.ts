import { beforeEach, describe, expect, it } from 'vitest';
import { LIST_FROM_KEYS, sharedDirectory, statMany } from '../../../lib/distribution/stat-many.ts';
import type { ObjectRef } from '../../../lib/ports.ts';
import { MemoryStore } from '../../helpers/memory-store.ts';

/** Counts what statMany asks the store. */
class CountingStore extends MemoryStore {
  heads = 0;
  lists = 0;
  override async head(ref: ObjectRef) {
    this.heads++;
    return super.head(ref);
  }
  override async *list(bucket: string, prefix: string) {
    this.lists++;
    yield* super.list(bucket, prefix);
  }
}

let store: CountingStore;
const keys = (n: number, dir = 'org/ch/mp') => Array.from({ length: n }, (_, i) => `${dir}/el-${i}/file.mp4`);

beforeEach(() => {
  store = new CountingStore();
});

describe('statMany', () => {
  it('heads a few keys one by one', async () => {
    store.add('b', 'org/ch/mp/el-0/file.mp4', 'x');
    const found = await statMany(store, 'b', keys(3), 4);
    expect(store).toMatchObject({ heads: 3, lists: 0 });
    expect(found.get('org/ch/mp/el-0/file.mp4')).toMatchObject({ size: 1, fromListing: false });
    expect(found.get('org/ch/mp/el-1/file.mp4')).toBeUndefined();
  });

  it('lists the shared directory once for many keys, absent keys included', async () => {
    const wanted = keys(LIST_FROM_KEYS);
    wanted.slice(0, 5).forEach((key) => store.add('b', key, 'xy'));
    store.add('b', 'org/ch/mp/other/file.mp4', 'not asked for');
    const found = await statMany(store, 'b', wanted, 4);
    expect(store).toMatchObject({ heads: 0, lists: 1 });
    expect([...found.values()].filter(Boolean)).toHaveLength(5);
    expect(found.get(wanted[0]!)).toMatchObject({ size: 2, fromListing: true });
    expect(found.has(wanted[10]!)).toBe(true);
    expect(found.get(wanted[10]!)).toBeUndefined();
    expect(found.has('org/ch/mp/other/file.mp4')).toBe(false);
  });

  it('heads keys that share no directory, however many', async () => {
    const scattered = Array.from({ length: LIST_FROM_KEYS }, (_, i) => `${i}/file`);
    await statMany(store, 'b', scattered, 4);
    expect(store).toMatchObject({ heads: LIST_FROM_KEYS, lists: 0 });
  });
});

describe('sharedDirectory', () => {
  it.each([
    [['a/b/c', 'a/b/d'], 'a/b/'],
    [['a/bc/x', 'a/bd/y'], 'a/'],
    [['x', 'y'], ''],
    [['a/b/c'], 'a/b/'],
    [[], ''],
  ])('%j -> %j', (input, expected) => {
    expect(sharedDirectory(input)).toBe(expected);
  });
});
