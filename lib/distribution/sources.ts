/**
 * Where an element's bytes come from (CONTRACT section 3). The URL comes from the mediapackage
 * and becomes a network request, so only two kinds are accepted, each behind an allow-list.
 */
import { BadRequestError } from '../errors.ts';
import type { ObjectRef } from '../ports.ts';

export type Source = { kind: 's3'; url: URL; ref: ObjectRef } | { kind: 'http'; url: URL };

export interface SourcePolicy {
  sourceBaseUrl: string;
  sourceAllowedHosts: string[];
  sourceAllowedBuckets: string[];
}

export function resolveSource(elementId: string, rawUrl: string, policy: SourcePolicy): Source {
  if (rawUrl.trim() === '') throw new BadRequestError(`Element "${elementId}" has no url.`);
  let url: URL;
  try {
    url = new URL(rawUrl.trim(), policy.sourceBaseUrl);
  } catch {
    throw new BadRequestError(`Element "${elementId}" has a url that is not a valid URL: "${rawUrl}".`);
  }
  switch (url.protocol) {
    case 's3:':
      return { kind: 's3', url, ref: s3Ref(elementId, url, policy) };
    case 'http:':
    case 'https:':
      if (!policy.sourceAllowedHosts.includes(url.hostname.toLowerCase())) {
        throw new BadRequestError(
          `Element "${elementId}" has a source host "${url.hostname}" that is not allowed; allowed hosts are listed in SOURCE_ALLOWED_HOSTS.`,
        );
      }
      return { kind: 'http', url };
    default:
      throw new BadRequestError(
        `Element "${elementId}" has a "${url.protocol.replace(/:$/, '')}:" url; only s3:// and http(s):// sources can be distributed.`,
      );
  }
}

function s3Ref(elementId: string, url: URL, policy: SourcePolicy): ObjectRef {
  const bucket = url.hostname.toLowerCase();
  if (!policy.sourceAllowedBuckets.includes(bucket)) {
    throw new BadRequestError(`Element "${elementId}" names the bucket "${bucket}", which is not an allowed source bucket.`);
  }
  let key: string;
  try {
    key = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    throw new BadRequestError(`Element "${elementId}" has a url with malformed percent-encoding: "${url.href}".`);
  }
  if (key === '' || key.endsWith('/')) {
    throw new BadRequestError(`Element "${elementId}" has a url that names no object: "${url.href}".`);
  }
  return { bucket, key };
}

/** For messages and logs: never echo credentials embedded in a URL. */
export function describeSource(source: Source): string {
  if (source.kind === 's3') return `s3://${source.ref.bucket}/${source.ref.key}`;
  const shown = new URL(source.url.href);
  shown.username = '';
  shown.password = '';
  return shown.href;
}
