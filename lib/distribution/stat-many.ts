/**
 * What is at many keys, in few requests. Past a handful of keys, one listing of their shared
 * prefix answers what a HEAD per key would, for a fraction of the round trips; below that, or
 * when the keys share no prefix, HEADs are cheaper (a LIST is priced like ~12 GETs).
 * A listing carries size and ETag but no metadata or content type: `fromListing` says so.
 */
import { mapLimit } from '../concurrency.ts';
import type { ObjectInfo, ObjectStore } from '../ports.ts';

export const LIST_FROM_KEYS = 16;
/** A prefix holding far more than was asked for is cheaper to HEAD through. */
const MAX_LISTED = 5000;

export interface KnownObject extends ObjectInfo {
  fromListing: boolean;
}

export async function statMany(store: ObjectStore, bucket: string, keys: string[], concurrency: number): Promise<Map<string, KnownObject | undefined>> {
  const found = new Map<string, KnownObject | undefined>();
  const unique = [...new Set(keys)];
  const prefix = sharedDirectory(unique);
  let rest = unique;
  if (unique.length >= LIST_FROM_KEYS && prefix !== '') {
    const wanted = new Set(unique);
    let listed = 0;
    let complete = true;
    for await (const object of store.list(bucket, prefix)) {
      if (wanted.has(object.key)) found.set(object.key, { ...object, fromListing: true });
      if (++listed >= MAX_LISTED) {
        complete = false;
        break;
      }
    }
    rest = unique.filter((key) => !found.has(key));
    if (complete) {
      for (const key of rest) found.set(key, undefined);
      rest = [];
    }
  }
  await mapLimit(rest, concurrency, async (key) => {
    const info = await store.head({ bucket, key });
    found.set(key, info && { ...info, fromListing: false });
  });
  return found;
}

/** The longest prefix ending in `/` that every key starts with ('' when there is none). */
export function sharedDirectory(keys: string[]): string {
  if (keys.length === 0) return '';
  let prefix = keys[0]!;
  for (const key of keys) {
    while (!key.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}
