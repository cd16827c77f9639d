/**
 * The whole service on one machine: embedded S3 and SQS (or outside endpoints), the API Gateway
 * adapter and the queue pollers, all calling the same handlers Lambda runs. `npm start` and the
 * integration tests both start it through `startLocalStack`.
 */
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { resetConfig } from '../../lib/config.ts';
import { queueConsumers, routes } from '../../lib/routes.ts';
import { localSqsClient } from './aws.ts';
import { createGateway, type LambdaHttpHandler } from './gateway.ts';
import { createLogger, stderrSink, type LogSink, type Logger } from './log.ts';
import { closeServer, HOST, listen, LocalStackError } from './net.ts';
import { startPollers, type Pollers, type SqsHandler } from './poller.ts';
import {
  ensureQueuesInBackground,
  namedQueueUrls,
  queueArnFromUrl,
  queueSpecs,
  type BackgroundTask,
  QUEUE_URL_VARIABLES,
  type QueueUrls,
} from './queues.ts';
import { legacyCiphersAvailable, startEmbeddedS3, type EmbeddedS3 } from './s3.ts';
import { EMULATOR_CREDENTIALS, functionEnv, readSettings, type Env, type LocalSettings } from './settings.ts';
import { startEmbeddedSqs, type EmbeddedSqs } from './sqs.ts';

export interface LocalStackOptions {
  /** HTTP API port; 0 picks a free one. Default: PORT, else 8080. */
  port?: number;
  /** Embedded S3 port; 0 picks a free one. Default: S3_PORT, else 4569. */
  s3Port?: number;
  /** Embedded SQS port; 0 picks a free one. Default: SQS_PORT, else 9324. */
  sqsPort?: number;
  /** Emulator state. Default: DATA_DIR, else `.data`. */
  dataDir?: string;
  /** Environment on top of process.env, e.g. `{ QUEUE_VISIBILITY_TIMEOUT: '2' }`. */
  env?: Env;
  /** No request log lines. */
  quiet?: boolean;
  /** Feed the queues to their consumers. Default true. */
  pollers?: boolean;
  /** Test seam: handlers to call instead of a route's module, by route name (`notFound`, …). */
  handlers?: Record<string, LambdaHttpHandler>;
  /** Test seam: handlers to call instead of a consumer's module, by consumer name (`worker`, …). */
  consumers?: Record<string, SqsHandler>;
  /** Where the stack's own log lines go. Default: stderr. */
  log?: LogSink;
}

export interface LocalStack {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  s3Endpoint: string;
  sqsEndpoint: string;
  /** Everything the stack wrote into process.env for the functions. */
  env: Record<string, string>;
  queueUrls: QueueUrls;
  /** Drains the pollers, closes the servers and saves the queued messages. Idempotent. */
  stop(): Promise<void>;
}

let running = false;

/** What is running, so a stop (or a failed start) can take it down in a safe order. */
interface Parts {
  gateway?: Server;
  pollers?: Pollers;
  creatingQueues?: BackgroundTask;
  sqsClient?: SQSClient;
  sqs?: EmbeddedSqs;
  s3?: EmbeddedS3;
  restoreEnv?: () => void;
}

/** No new requests first, then no new invocations, and the queues saved only once nothing moves. */
async function stopParts(parts: Parts): Promise<void> {
  if (parts.gateway) await closeServer(parts.gateway);
  await parts.pollers?.stop();
  await parts.creatingQueues?.stop();
  parts.sqsClient?.destroy();
  await parts.sqs?.close();
  await parts.s3?.close();
  // Otherwise a later start in this process would take the emulators' endpoints as outside ones.
  parts.restoreEnv?.();
}

/**
 * Starts the stack. The functions read their configuration once per process, at module load,
 * so one stack runs per process at a time, and the environment is complete before any handler
 * is imported. A second start in the same process must reuse the first one's ports: handler
 * modules and their SDK clients stay loaded with the first environment.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (running) throw new LocalStackError('A local stack is already running in this process.');
  running = true;
  const parts: Parts = {};
  try {
    const stack = await start(options, parts);
    let stopping: Promise<void> | undefined;
    return {
      ...stack,
      stop: () => {
        stopping ??= stopParts(parts).finally(() => {
          running = false;
        });
        return stopping;
      },
    };
  } catch (error) {
    await stopParts(parts).catch(() => undefined);
    running = false;
    throw error;
  }
}

async function start(options: LocalStackOptions, parts: Parts): Promise<Omit<LocalStack, 'stop'>> {
  const input: Env = { ...process.env, ...options.env };
  const settings = readSettings(input, options);
  const logger = createLogger(options.log ?? stderrSink);
  warnAboutSetup(input, settings, logger);
  await mkdir(settings.dataDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new LocalStackError(`DATA_DIR ${settings.dataDir} cannot be created (${error.code ?? error.message}).`);
  });

  // The HTTP port first: DISTRIBUTION_BASE_URL names it. Requests wait until everything is up.
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  parts.gateway = createGateway({
    routes,
    region: settings.region,
    logger,
    quiet: options.quiet,
    overrides: options.handlers,
    ready,
  });
  const port = await listen(parts.gateway, settings.port, 'HTTP API (PORT)');

  const specs = queueSpecs(settings.queueVisibilityTimeout);

  let s3Endpoint = settings.s3Endpoint;
  if (!s3Endpoint) {
    parts.s3 = await startEmbeddedS3({
      port: settings.s3Port,
      dataDir: settings.dataDir,
      buckets: [settings.distributionBucket, settings.workspaceBucket, settings.stateBucket],
    });
    s3Endpoint = parts.s3.endpoint;
  }

  let sqsEndpoint = settings.sqsEndpoint;
  let urlOf: (queue: string) => string;
  if (!sqsEndpoint) {
    const sqs = await startEmbeddedSqs({
      port: settings.sqsPort,
      dataDir: settings.dataDir,
      region: settings.region,
      queues: specs,
      log: logger,
    });
    parts.sqs = sqs;
    sqsEndpoint = sqs.endpoint;
    urlOf = (queue) => sqs.queueUrl(queue);
  } else {
    // The URLs must be known before the queues can be created (the endpoint may be down), so
    // they follow the common `<endpoint>/<account>/<name>` form unless given explicitly.
    const outside = sqsEndpoint;
    urlOf = (queue) => {
      const variable = QUEUE_URL_VARIABLES[queue];
      return (variable && input[variable]?.trim()) || `${outside}/000000000000/${queue}`;
    };
  }
  const queueUrls = namedQueueUrls(urlOf);

  const env = functionEnv(input, settings, {
    port,
    s3Endpoint,
    sqsEndpoint,
    jobsQueueUrl: queueUrls.jobs,
    retractEventsQueueUrl: queueUrls.retractEvents,
    retractEventsDlqUrl: queueUrls.retractEventsDlq,
  });
  parts.restoreEnv = applyEnv({ ...options.env, ...env });

  parts.sqsClient = localSqsClient({
    endpoint: sqsEndpoint,
    region: settings.region,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
  });
  if (settings.sqsEndpoint) parts.creatingQueues = ensureQueuesInBackground(parts.sqsClient, specs, logger, urlOf);

  if (options.pollers ?? true) {
    parts.pollers = startPollers({
      sqs: parts.sqsClient,
      region: settings.region,
      logger,
      concurrency: settings.pollerConcurrency,
      // The embedded emulator holds a receive for its whole wait, so it is short-polled; an
      // outside SQS is long-polled, below the visibility timeout.
      waitTimeSeconds: settings.sqsEndpoint ? Math.max(0, Math.min(10, ...specs.map((s) => s.visibilityTimeout - 1))) : 0,
      queues: queueConsumers.map((consumer) => {
        const queueUrl = urlOf(consumer.queue);
        return {
          consumer,
          queueUrl,
          queueArn: queueArnFromUrl(queueUrl, settings.region),
          ...(options.consumers?.[consumer.name] ? { handler: options.consumers[consumer.name] } : {}),
        };
      }),
    });
  }

  markReady();
  return { url: `http://${HOST}:${port}`, s3Endpoint, sqsEndpoint, env, queueUrls };
}

/**
 * Into process.env, where the functions read it; an undefined override unsets the variable.
 * Returns what puts the previous values back.
 */
function applyEnv(values: Env): () => void {
  const previous: Env = {};
  for (const [name, value] of Object.entries(values)) {
    previous[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfig();
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetConfig();
  };
}

function warnAboutSetup(input: Env, settings: LocalSettings, logger: Logger): void {
  if (settings.apiTokenDefaulted) {
    logger.line(`warning: API_TOKEN is not set; using the local development token "${settings.apiToken}". Never deploy it.`);
  }
  if (!settings.s3Endpoint) {
    const key = input.AWS_ACCESS_KEY_ID?.trim();
    if (key && key !== EMULATOR_CREDENTIALS.accessKeyId) {
      logger.line(`warning: AWS_ACCESS_KEY_ID is set to another key, but the embedded S3 accepts only "${EMULATOR_CREDENTIALS.accessKeyId}".`);
    }
    if (!legacyCiphersAvailable()) {
      logger.line('warning: start Node with NODE_OPTIONS=--openssl-legacy-provider, or the embedded S3 cannot page object listings.');
    }
  }
}
