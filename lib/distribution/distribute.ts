/**
 * Distribution in two phases. `planDistribution` checks everything that can be wrong with the
 * request (ids, sources, playlists) and writes nothing, so a bad request changes nothing;
 * `executePlan` then copies. The async route plans at submission and the worker plans again
 * (sources may have changed in between) before executing.
 */
import { createHash } from 'node:crypto';
import { BadRequestError } from '../errors.ts';
import { logger } from '../log.ts';
import { mapLimit } from '../concurrency.ts';
import { elementToJson, withUrl, type MediaPackage, type MediaPackageElement } from '../mediapackage/index.ts';
import type { CdnInvalidator, ObjectInfo, ObjectRef, ObjectStore, UrlSigner } from '../ports.ts';
import { statMany, type KnownObject } from './stat-many.ts';
import { invalidateKeys } from './cdn.ts';
import { ensureServed, isServed } from './availability.ts';
import { resolveTargets, type ElementTarget } from './elements.ts';
import { headHttpSource, openHttpSource } from './http-source.ts';
import { isPlaylist, MAX_PLAYLIST_BYTES, relativeTarget, rewritePlaylist, type PlaylistMember } from './hls.ts';
import { fileNameOf, objectKey, publicUrl } from './keys.ts';
import { describeSource, resolveSource, type Source, type SourcePolicy } from './sources.ts';
import { readText } from './read-text.ts';

export interface DistributeSettings extends SourcePolicy {
  organization: string;
  distributionBucket: string;
  distributionBaseUrl: string;
  copyConcurrency: number;
  availabilityAttempts: number;
  availabilityDelayMs: number;
}

export interface DistributeDeps {
  store: ObjectStore;
  settings: DistributeSettings;
  /** Private distribution: answered URLs are signed and expire. */
  signer?: UrlSigner;
  /** Invalidates files that a re-distribution replaced. */
  cdn?: CdnInvalidator;
}

export interface DistributeRequest {
  mediapackage: MediaPackage;
  channelId: string;
  elementIds: string[];
  checkAvailability: boolean;
  /** Accepted for Opencast compatibility: the `ref` attribute is always kept, as Opencast's clone keeps it. */
  preserveReference: boolean;
}

interface Step {
  target: ElementTarget;
  source: Source;
  fileName: string;
  key: string;
  size?: number;
  etag?: string;
  contentType: string;
  /** Playlists are written as rewritten text, not copied. */
  playlistText?: string;
}

export interface DistributionPlan {
  request: DistributeRequest;
  steps: Step[];
  /** Indices of steps that must be processed together: a playlist and every file it names. */
  groups: number[][];
}

const SOURCE_ETAG = 'source-etag';
const PLAYLIST_DIGEST = 'playlist-sha256';

export async function planDistribution(deps: DistributeDeps, request: DistributeRequest): Promise<DistributionPlan> {
  const { settings } = deps;
  const targets = resolveTargets(request.mediapackage, request.channelId, request.elementIds, settings.organization);
  const resolved = targets.map((target) => {
    const source = resolveSource(target.location.elementId, target.element.url, settings);
    const fileName = fileNameOf(source.url);
    return { target, source, fileName, key: objectKey(target.location, fileName) };
  });
  const s3Sources = await statS3Sources(deps, resolved.map((partial) => partial.source));
  const steps = await mapLimit(resolved, settings.copyConcurrency, async (partial): Promise<Step> => {
    const { elementId } = partial.target.location;
    const { mimetype } = partial.target.element;
    const info = await statSource(deps, partial.source, elementId, s3Sources, !mimetype);
    const playlist = isPlaylist(partial.fileName, mimetype);
    return {
      ...partial,
      ...info,
      contentType: mimetype || info.contentType || 'application/octet-stream',
      playlistText: playlist ? await readPlaylist(deps, partial.source, info.size, elementId) : undefined,
    };
  });
  return { request, steps, groups: rewritePlaylists(steps) };
}

type Stat = { size?: number; etag?: string; contentType?: string };
const refId = (source: Extract<Source, { kind: 's3' }>) => `${source.ref.bucket}/${source.ref.key}`;

/** Every s3 source, looked up per bucket in as few requests as statMany manages. */
async function statS3Sources(deps: DistributeDeps, sources: Source[]): Promise<Map<string, KnownObject | undefined>> {
  const byBucket = new Map<string, string[]>();
  for (const source of sources) {
    if (source.kind === 's3') byBucket.set(source.ref.bucket, [...(byBucket.get(source.ref.bucket) ?? []), source.ref.key]);
  }
  const found = new Map<string, KnownObject | undefined>();
  for (const [bucket, keys] of byBucket) {
    for (const [key, info] of await statMany(deps.store, bucket, keys, deps.settings.copyConcurrency)) found.set(`${bucket}/${key}`, info);
  }
  return found;
}

async function statSource(deps: DistributeDeps, source: Source, elementId: string, s3Sources: Map<string, KnownObject | undefined>, needsType: boolean): Promise<Stat> {
  if (source.kind === 'http') return headHttpSource(source.url, deps.settings.sourceAllowedHosts);
  let info: ObjectInfo | undefined = s3Sources.get(refId(source));
  // A listing has no content type; the source's is the fallback when the element names none.
  if (info && needsType && s3Sources.get(refId(source))?.fromListing) info = await deps.store.head(source.ref);
  if (!info) throw new BadRequestError(`The source of element "${elementId}" was not found: ${describeSource(source)}.`);
  return { size: info.size, etag: info.etag, contentType: info.contentType };
}

async function readPlaylist(deps: DistributeDeps, source: Source, size: number | undefined, elementId: string): Promise<string> {
  if (size !== undefined && size > MAX_PLAYLIST_BYTES) {
    throw new BadRequestError(`The playlist of element "${elementId}" is ${size} bytes; playlists over ${MAX_PLAYLIST_BYTES} bytes are refused.`);
  }
  const text =
    source.kind === 's3'
      ? await deps.store.getText(source.ref)
      : await readText((await openHttpSource(source.url, deps.settings.sourceAllowedHosts)).body, MAX_PLAYLIST_BYTES);
  if (text === undefined) throw new BadRequestError(`The source of element "${elementId}" was not found: ${describeSource(source)}.`);
  return text;
}

/** Rewrites playlists in place and returns the groups that references tie together. */
function rewritePlaylists(steps: Step[]): number[][] {
  if (steps.every((step) => step.playlistText === undefined)) return steps.map((_, index) => [index]);
  const parent = steps.map((_, index) => index);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const members: (PlaylistMember & { index: number })[] = steps.map((step, index) => ({
    index,
    elementId: step.target.location.elementId,
    sourceUrl: step.source.url,
    fileName: step.fileName,
    logicalName: logicalName(step.target.element),
  }));
  steps.forEach((step, index) => {
    if (step.playlistText === undefined) return;
    const self = members[index]!;
    // One lookup per reference: it both rewrites the reference and ties the two steps together.
    step.playlistText = rewritePlaylist(step.playlistText, (uri) => {
      const target = relativeTarget(self, uri, members);
      if (target) parent[find(target.member.index)] = find(index);
      return target?.path;
    });
  });
  const groups = new Map<number, number[]>();
  steps.forEach((_, index) => {
    const root = find(index);
    const group = groups.get(root);
    if (group) group.push(index);
    else groups.set(root, [index]);
  });
  return [...groups.values()];
}

function logicalName(element: MediaPackageElement): string | undefined {
  const value = elementToJson(element).logicalname;
  return typeof value === 'string' ? value : undefined;
}

export async function executePlan(deps: DistributeDeps, plan: DistributionPlan): Promise<MediaPackageElement[]> {
  const { store, settings, signer } = deps;
  const targets = await statMany(store, settings.distributionBucket, plan.steps.map((step) => step.key), settings.copyConcurrency);
  const outcomes = await mapLimit(plan.steps, settings.copyConcurrency, (step) => copyStep(store, settings, step, targets.get(step.key)));
  // A replaced file may sit in CDN caches under the same URL: a re-distribution must not serve stale bytes.
  await invalidateKeys(deps, plan.steps.filter((_, index) => outcomes[index] === 'replaced').map((step) => step.key));
  const urls = plan.steps.map((step) => publicUrl(settings.distributionBaseUrl, step.key));
  const answered = signer ? await Promise.all(plan.steps.map((step, index) => signer.sign(step.key, urls[index]!))) : urls;
  if (plan.request.checkAvailability) {
    // What viewers get is probed: in private mode the unsigned URL is refused (a private
    // CloudFront distribution, a bucket that admits only CloudFront). A failure names the
    // unsigned URL: a signed one is a credential, not for error bodies and logs.
    await mapLimit(urls, settings.copyConcurrency, (url, index) =>
      ensureServed(url, plan.steps[index]!.target.location.elementId, settings.availabilityAttempts, settings.availabilityDelayMs, () =>
        isServed(answered[index]!),
      ),
    );
  }
  return plan.steps.map((step, index) => withUrl(step.target.element, answered[index]!));
}

/** `replaced`: other bytes were at the key before, which caches may still hold. */
type CopyOutcome = 'unchanged' | 'written' | 'replaced';

async function copyStep(store: ObjectStore, settings: DistributeSettings, step: Step, known: KnownObject | undefined): Promise<CopyOutcome> {
  const target = { bucket: settings.distributionBucket, key: step.key };
  const ids = { mediapackageId: step.target.location.mediapackageId, elementId: step.target.location.elementId };
  const options = (etag: string | undefined) => ({ contentType: step.contentType, metadata: etag ? { [SOURCE_ETAG]: etag } : undefined });
  const written: CopyOutcome = known ? 'replaced' : 'written';
  const existing = await withMetadata(store, target, step, known);
  if (step.playlistText !== undefined) {
    // The element keeps its <checksum> although these bytes differ from the source's: the
    // contract changes only `url`. Opencast's AdaptivePlaylist also rewrites the file in place
    // and leaves the checksum as it was (it does rename <logicalname>, which the contract forbids).
    if (existing && existing.size === Buffer.byteLength(step.playlistText) && existing.metadata?.[PLAYLIST_DIGEST] === digest(step.playlistText)) {
      return 'unchanged';
    }
    await store.put(target, step.playlistText, { contentType: step.contentType, metadata: { [PLAYLIST_DIGEST]: digest(step.playlistText) } });
    logger.info('Distributed playlist', { ...ids, mode: 'playlist' });
    return written;
  }
  if (step.etag && existing && existing.size === step.size && existing.metadata?.[SOURCE_ETAG] === step.etag) {
    logger.info('Already distributed', { ...ids, mode: 'unchanged', bytes: step.size });
    return 'unchanged';
  }
  if (step.source.kind === 's3') {
    await store.copy(step.source.ref, target, step.size ?? 0, { ...options(step.etag), sourceEtag: step.etag });
  } else {
    const opened = await openHttpSource(step.source.url, settings.sourceAllowedHosts);
    // The GET's ETag, not the planning HEAD's: it names the bytes actually stored, so a source
    // that changed in between is recognised (and copied again) next time.
    await store.upload(target, opened.body, options(opened.etag));
  }
  logger.info('Distributed element', { ...ids, mode: step.source.kind === 's3' ? 'copy' : 'stream', bytes: step.size });
  return written;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The target as far as the unchanged-check needs it. A listed object lacks metadata; it is
 * fetched only when size already matches and the ETag alone can't tell (a server-side copy
 * keeps the source's ETag; an upload, a playlist or a multipart copy does not).
 */
async function withMetadata(store: ObjectStore, ref: ObjectRef, step: Step, known: KnownObject | undefined): Promise<ObjectInfo | undefined> {
  if (!known?.fromListing) return known;
  const size = step.playlistText === undefined ? step.size : Buffer.byteLength(step.playlistText);
  if (known.size !== size) return known;
  if (step.playlistText === undefined && step.source.kind === 's3' && known.etag === step.etag) {
    return { ...known, metadata: { [SOURCE_ETAG]: known.etag! } };
  }
  return store.head(ref);
}

export async function distribute(deps: DistributeDeps, request: DistributeRequest): Promise<MediaPackageElement[]> {
  return executePlan(deps, await planDistribution(deps, request));
}
