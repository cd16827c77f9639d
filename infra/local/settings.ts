/**
 * The local stack's settings (CONTRACT section 5) and the environment the functions get.
 * Defaults are resolved here and nowhere else, so `npm start`, the tests and the docs agree.
 */
import path from 'node:path';
import { LocalStackError } from './net.ts';

export type Env = Record<string, string | undefined>;

export const DEFAULT_API_TOKEN = 'local-dev-token';
export const DEFAULT_ALLOWED_HOSTS = '127.0.0.1,localhost,[::1]';
/** s3rver accepts only this key pair. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface PortOptions {
  port?: number;
  s3Port?: number;
  sqsPort?: number;
  dataDir?: string;
}

export interface LocalSettings {
  port: number;
  s3Port: number;
  sqsPort: number;
  dataDir: string;
  /** Outside endpoints; when set, that emulator is not started. */
  s3Endpoint?: string;
  sqsEndpoint?: string;
  region: string;
  distributionBucket: string;
  workspaceBucket: string;
  stateBucket: string;
  apiToken: string;
  apiTokenDefaulted: boolean;
  /** Seconds; overrides every queue's visibility timeout (tests use 1–2 s). */
  queueVisibilityTimeout?: number;
  pollerConcurrency: number;
}

const value = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new LocalStackError(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  }
  return parsed;
}

function endpoint(env: Env, name: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new LocalStackError(`${name} must be an http(s) URL, not "${raw}".`);
  }
  return raw.replace(/\/+$/, '');
}

function port(explicit: number | undefined, env: Env, name: string, fallback: number): number {
  if (explicit !== undefined) {
    if (!Number.isInteger(explicit) || explicit < 0 || explicit > 65535) {
      throw new LocalStackError(`${name} must be a port number from 0 to 65535, not ${explicit}.`);
    }
    return explicit;
  }
  return integer(env, name, fallback, 0, 65535);
}

export function readSettings(env: Env, options: PortOptions = {}): LocalSettings {
  const apiToken = value(env, 'API_TOKEN');
  const visibility = value(env, 'QUEUE_VISIBILITY_TIMEOUT');
  return {
    port: port(options.port, env, 'PORT', 8080),
    s3Port: port(options.s3Port, env, 'S3_PORT', 4569),
    sqsPort: port(options.sqsPort, env, 'SQS_PORT', 9324),
    dataDir: path.resolve(options.dataDir ?? value(env, 'DATA_DIR') ?? '.data'),
    s3Endpoint: endpoint(env, 'S3_ENDPOINT'),
    sqsEndpoint: endpoint(env, 'SQS_ENDPOINT'),
    region: value(env, 'AWS_REGION') ?? value(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1',
    distributionBucket: value(env, 'DISTRIBUTION_BUCKET') ?? 'distribution',
    workspaceBucket: value(env, 'WORKSPACE_BUCKET') ?? 'workspace',
    stateBucket: value(env, 'STATE_BUCKET') ?? 'distribution-state',
    apiToken: apiToken ?? DEFAULT_API_TOKEN,
    apiTokenDefaulted: apiToken === undefined,
    // SQS allows 0–43200 s; 0 would make every received message visible again at once.
    queueVisibilityTimeout: visibility === undefined ? undefined : integer(env, 'QUEUE_VISIBILITY_TIMEOUT', 0, 1, 43_200),
    pollerConcurrency: integer(env, 'POLLER_CONCURRENCY', 4, 1, 64),
  };
}

export interface Runtime {
  port: number;
  s3Endpoint: string;
  sqsEndpoint: string;
  jobsQueueUrl: string;
  retractEventsQueueUrl: string;
  retractEventsDlqUrl: string;
}

/**
 * The environment the functions read (lib/config.ts): the input with every default filled in
 * and the emulators' actual endpoints and queue URLs.
 */
export function functionEnv(env: Env, settings: LocalSettings, runtime: Runtime): Record<string, string> {
  const base = `http://127.0.0.1:${runtime.port}`;
  // An explicitly empty SOURCE_ALLOWED_HOSTS means "no http(s) sources", so only unset takes the default.
  const allowedHosts = env.SOURCE_ALLOWED_HOSTS ?? DEFAULT_ALLOWED_HOSTS;
  return {
    PORT: String(runtime.port),
    S3_PORT: String(settings.s3Port),
    SQS_PORT: String(settings.sqsPort),
    DATA_DIR: settings.dataDir,
    AWS_REGION: settings.region,
    AWS_ACCESS_KEY_ID: value(env, 'AWS_ACCESS_KEY_ID') ?? EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: value(env, 'AWS_SECRET_ACCESS_KEY') ?? EMULATOR_CREDENTIALS.secretAccessKey,
    S3_ENDPOINT: runtime.s3Endpoint,
    SQS_ENDPOINT: runtime.sqsEndpoint,
    DISTRIBUTION_BUCKET: settings.distributionBucket,
    WORKSPACE_BUCKET: settings.workspaceBucket,
    STATE_BUCKET: settings.stateBucket,
    DISTRIBUTION_BASE_URL: value(env, 'DISTRIBUTION_BASE_URL') ?? `${base}/static`,
    SOURCE_BASE_URL: value(env, 'SOURCE_BASE_URL') ?? `s3://${settings.workspaceBucket}/`,
    SOURCE_ALLOWED_HOSTS: allowedHosts,
    ORGANIZATION: value(env, 'ORGANIZATION') ?? 'mh_default_org',
    API_TOKEN: settings.apiToken,
    JOBS_QUEUE_URL: runtime.jobsQueueUrl,
    RETRACT_EVENTS_QUEUE_URL: runtime.retractEventsQueueUrl,
    RETRACT_EVENTS_DLQ_URL: runtime.retractEventsDlqUrl,
    POLLER_CONCURRENCY: String(settings.pollerConcurrency),
    ...(settings.queueVisibilityTimeout === undefined ? {} : { QUEUE_VISIBILITY_TIMEOUT: String(settings.queueVisibilityTimeout) }),
  };
}
