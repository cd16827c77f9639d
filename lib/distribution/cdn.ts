/**
 * CDN freshness: after a retraction, or a re-distribution that replaced a file, cached copies
 * are invalidated. Best effort: the bucket already holds the truth, so a failure is logged and
 * the cache expires on its own.
 */
import { logger } from '../log.ts';
import type { CdnInvalidator } from '../ports.ts';
import { publicUrl } from './keys.ts';

export interface CdnDeps {
  cdn?: CdnInvalidator;
  settings: { distributionBaseUrl: string };
}

/** One call for all the keys: the adapter batches and dedupes. */
export async function invalidateKeys(deps: CdnDeps, keys: string[]): Promise<void> {
  if (!deps.cdn || keys.length === 0) return;
  const paths = keys.map((key) => invalidationPath(deps.settings.distributionBaseUrl, key));
  try {
    await deps.cdn.invalidate(paths);
  } catch (error) {
    logger.warn('CDN invalidation failed; cached copies expire on their own', { paths: paths.length, error: error as Error });
  }
}

/**
 * The path CloudFront caches a file under: the path of its public URL as viewers request it, so
 * the path of DISTRIBUTION_BASE_URL is included (CloudFront matches invalidations against viewer
 * paths). The key does not go through `new URL`, which would resolve a stray `..` segment of a
 * key found in the bucket. Two CloudFront rules on top of the URL's encoding: characters RFC 1738
 * calls unsafe are percent-encoded (`~` is the one encodeURIComponent leaves), and `*`, the
 * wildcard, may only come last: a path with one is cut after its first `*`, which invalidates a
 * few neighbours too instead of making CloudFront refuse the whole batch.
 */
export function invalidationPath(distributionBaseUrl: string, key: string): string {
  const base = new URL(distributionBaseUrl).pathname.replace(/\/+$/, '');
  const path = `${base}${publicUrl('', key)}`.replace(/~/g, '%7E');
  const star = path.indexOf('*');
  return star === -1 ? path : path.slice(0, star + 1);
}
