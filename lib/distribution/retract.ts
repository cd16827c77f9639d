/**
 * Retraction: everything under each element's prefix goes, nothing else. Retracting what was
 * never distributed succeeds. Sources are never touched.
 */
import { logger } from '../log.ts';
import { mapLimit } from '../concurrency.ts';
import type { MediaPackage, MediaPackageElement } from '../mediapackage/index.ts';
import type { CdnInvalidator, ObjectStore } from '../ports.ts';
import { resolveTargets } from './elements.ts';
import { invalidateKeys } from './cdn.ts';
import { elementPrefix, mediapackagePrefix, ownSegments, type ElementLocation } from './keys.ts';

export interface RetractSettings {
  organization: string;
  distributionBucket: string;
  distributionBaseUrl: string;
  copyConcurrency: number;
}

export interface RetractDeps {
  store: ObjectStore;
  settings: RetractSettings;
  cdn?: CdnInvalidator;
}

export interface RetractRequest {
  mediapackage: MediaPackage;
  channelId: string;
  elementIds: string[];
}

/** Checks the request and lists nothing: the async route uses it to refuse a bad request before queueing. */
export function validateRetract(settings: RetractSettings, request: RetractRequest): void {
  resolveTargets(request.mediapackage, request.channelId, request.elementIds, settings.organization);
}

export async function retract(deps: RetractDeps, request: RetractRequest): Promise<MediaPackageElement[]> {
  const targets = resolveTargets(request.mediapackage, request.channelId, request.elementIds, deps.settings.organization);
  await retractElements(deps, targets.map((target) => target.location));
  return targets.map((target) => target.element);
}

/** Deletes the files of each element; the locations are already checked safe. */
export async function retractElements(deps: RetractDeps, locations: ElementLocation[]): Promise<string[]> {
  // A deeper key belongs to a mediapackage whose id continues with this element's id
  // (`mp` + `a` vs `mp/a`), and is not ours to delete.
  const removed = await mapLimit(locations, deps.settings.copyConcurrency, (location) => {
    const prefix = elementPrefix(location);
    return removePrefix(deps, prefix, (key) => ownSegments(prefix, key, 1) !== undefined);
  });
  const keys = removed.flat();
  await invalidateKeys(deps, keys);
  for (const location of locations) {
    logger.info('Retracted element', { mediapackageId: location.mediapackageId, elementId: location.elementId });
  }
  return keys;
}

/** Deletes every object under `prefix`; returns the deleted keys. */
export async function removePrefix(deps: Pick<RetractDeps, 'store' | 'settings'>, prefix: string, accept = (_key: string) => true): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of deps.store.list(deps.settings.distributionBucket, prefix)) {
    if (accept(object.key)) keys.push(object.key);
  }
  await deps.store.deleteMany(deps.settings.distributionBucket, keys);
  return keys;
}

export interface WholeRetraction {
  organization: string;
  channelId: string;
  mediapackageId: string;
}

/**
 * Everything of one mediapackage in one channel. A mediapackage id may contain `/`, so
 * `mp/1/…` is another mediapackage's, not an element of `mp`: only keys exactly
 * `{elementId}/{fileName}` below the prefix belong to this one.
 */
export async function retractMediapackage(deps: RetractDeps, what: WholeRetraction): Promise<string[]> {
  const prefix = mediapackagePrefix(what);
  const keys = await removePrefix(deps, prefix, (key) => ownSegments(prefix, key, 2) !== undefined);
  await invalidateKeys(deps, keys);
  logger.info('Retracted mediapackage', { mediapackageId: what.mediapackageId, channelId: what.channelId, objects: keys.length });
  return keys;
}


