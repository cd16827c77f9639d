/**
 * Every environment variable the functions read, read and checked once. A missing or malformed
 * variable stops the function at cold start with a message naming it, instead of failing the
 * first request that happens to need it.
 */

export interface Config {
  region: string;
  organization: string;
  apiToken: string;
  distributionBucket: string;
  /** Internal bucket for job records; never served. */
  stateBucket: string;
  distributionBaseUrl: string;
  sourceBaseUrl: string;
  /** Hostnames (as URL.hostname gives them, so IPv6 in brackets) that http(s) sources may name. */
  sourceAllowedHosts: string[];
  /** Buckets that s3:// sources may name: without this, a mediapackage could copy any readable bucket. */
  sourceAllowedBuckets: string[];
  jobsQueueUrl: string;
  retractEventsQueueUrl?: string;
  /** Malformed retract events are sent here at once, with their reason, instead of being retried. */
  retractEventsDlqUrl?: string;
  /** Set locally: the emulators' endpoints. Unset in AWS. */
  s3Endpoint?: string;
  sqsEndpoint?: string;
  /** How many elements of one request are copied at the same time. */
  copyConcurrency: number;
  /** S3 sources at or above this size are copied part by part (CopyObject stops at 5 GB). */
  multipartCopyThreshold: number;
  multipartPartSize: number;
  /** HEAD attempts for checkAvailability, and the pause between them. */
  availabilityAttempts: number;
  availabilityDelayMs: number;
  /** Overrides the queues' visibility timeout from lib/routes.ts (the local stack shortens it). */
  queueVisibilityTimeoutSeconds?: number;
  cloudfrontDistributionId?: string;
  /** Private distribution: returned URLs are signed and expire after this many seconds. Unset: public URLs. */
  privateUrlTtlSeconds?: number;
  /** With private distribution behind CloudFront: sign CloudFront URLs with this key pair instead of presigning S3 URLs. */
  cloudfrontKeyPairId?: string;
  cloudfrontPrivateKey?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

// SigV4 presigned URLs live at most 7 days; the same bound keeps CloudFront links comparable.
const MAX_PRIVATE_URL_SECONDS = 7 * 24 * 3600;
const MiB = 1024 * 1024;

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;
  const integer = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
    }
    return value;
  };
  const url = (name: string, value: string | undefined): string | undefined => {
    if (!value) return value;
    try {
      new URL(value);
    } catch {
      problems.push(`${name} must be an absolute URL, not "${value}"`);
    }
    return value;
  };
  const list = (name: string, fallback: string[]): string[] => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    return raw
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean);
  };

  const workspaceBucket = optional('WORKSPACE_BUCKET');
  const sourceBase = optional('SOURCE_BASE_URL') ?? (workspaceBucket ? `s3://${workspaceBucket}/` : undefined);
  if (sourceBase === undefined) problems.push('SOURCE_BASE_URL (or WORKSPACE_BUCKET) is not set');
  const mode = optional('DISTRIBUTION_MODE') ?? 'public';
  if (mode !== 'public' && mode !== 'private') problems.push(`DISTRIBUTION_MODE must be "public" or "private", not "${mode}"`);
  const keyPairId = optional('CLOUDFRONT_KEY_PAIR_ID');
  // Keys pasted into one-line variables arrive with literal \n.
  const privateKey = optional('CLOUDFRONT_PRIVATE_KEY')?.replace(/\\n/g, '\n');
  if (Boolean(keyPairId) !== Boolean(privateKey)) problems.push('CLOUDFRONT_KEY_PAIR_ID and CLOUDFRONT_PRIVATE_KEY go together');

  const config: Config = {
    region: optional('AWS_REGION') ?? optional('AWS_DEFAULT_REGION') ?? 'us-east-1',
    organization: optional('ORGANIZATION') ?? 'mh_default_org',
    apiToken: required('API_TOKEN'),
    distributionBucket: required('DISTRIBUTION_BUCKET'),
    stateBucket: required('STATE_BUCKET'),
    distributionBaseUrl: (url('DISTRIBUTION_BASE_URL', required('DISTRIBUTION_BASE_URL')) ?? '').replace(/\/+$/, ''),
    sourceBaseUrl: url('SOURCE_BASE_URL', sourceBase) ?? '',
    sourceAllowedHosts: list('SOURCE_ALLOWED_HOSTS', []),
    sourceAllowedBuckets: list('SOURCE_ALLOWED_BUCKETS', workspaceBucket ? [workspaceBucket] : []),
    jobsQueueUrl: required('JOBS_QUEUE_URL'),
    retractEventsQueueUrl: optional('RETRACT_EVENTS_QUEUE_URL'),
    retractEventsDlqUrl: optional('RETRACT_EVENTS_DLQ_URL'),
    s3Endpoint: url('S3_ENDPOINT', optional('S3_ENDPOINT')),
    sqsEndpoint: url('SQS_ENDPOINT', optional('SQS_ENDPOINT')),
    copyConcurrency: integer('COPY_CONCURRENCY', 8, 1, 64),
    multipartCopyThreshold: integer('MULTIPART_COPY_THRESHOLD', 5000 * MiB, 5 * MiB, 5 * 1024 * MiB),
    multipartPartSize: integer('MULTIPART_PART_SIZE', 256 * MiB, 5 * MiB, 5 * 1024 * MiB),
    availabilityAttempts: integer('AVAILABILITY_ATTEMPTS', 5, 1, 100),
    availabilityDelayMs: integer('AVAILABILITY_DELAY_MS', 500, 0, 60_000),
    queueVisibilityTimeoutSeconds: optional('QUEUE_VISIBILITY_TIMEOUT') === undefined ? undefined : integer('QUEUE_VISIBILITY_TIMEOUT', 0, 1, 43_200),
    cloudfrontDistributionId: optional('CLOUDFRONT_DISTRIBUTION_ID'),
    privateUrlTtlSeconds: mode === 'private' ? integer('PRIVATE_URL_TTL_SECONDS', 6 * 3600, 1, MAX_PRIVATE_URL_SECONDS) : undefined,
    cloudfrontKeyPairId: keyPairId,
    cloudfrontPrivateKey: privateKey,
  };
  if (problems.length > 0) {
    throw new ConfigError(`Configuration is incomplete: ${problems.join('; ')}.`);
  }
  return config;
}

let cached: Config | undefined;

/** The configuration of this process, read from the environment on first use. */
export function config(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}

/** For the local stack and tests, which set the environment before the functions run. */
export function resetConfig(): void {
  cached = undefined;
}
