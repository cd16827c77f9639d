/**
 * The queues the local stack provides, derived from `queueConsumers` in lib/routes.ts so the
 * redrive policy and visibility timeout match what serverless.yml deploys.
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { queueConsumers, visibilityTimeoutFor, type QueueConsumerDef } from '../../lib/routes.ts';
import { errorMessage, type Logger } from './log.ts';
import { sleep } from './sleep.ts';

export interface QueueSpec {
  consumer: QueueConsumerDef;
  name: string;
  dlqName: string;
  maxReceiveCount: number;
  visibilityTimeout: number;
}

/** Dead-letter queues keep messages the longest SQS allows, so nothing expires before someone looks. */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

export function queueSpecs(visibilityOverride?: number, consumers: QueueConsumerDef[] = queueConsumers): QueueSpec[] {
  return consumers.map((consumer) => ({
    consumer,
    name: consumer.queue,
    dlqName: `${consumer.queue}-dlq`,
    maxReceiveCount: consumer.maxReceiveCount,
    visibilityTimeout: visibilityOverride ?? visibilityTimeoutFor(consumer),
  }));
}

export interface QueueUrls {
  jobs: string;
  jobsDlq: string;
  retractEvents: string;
  retractEventsDlq: string;
}

const JOBS_QUEUE = 'distribution-jobs';
const RETRACT_EVENTS_QUEUE = 'retract-events';

/** The variables through which the functions learn a queue's URL (lib/config.ts). */
export const QUEUE_URL_VARIABLES: Record<string, string> = {
  [JOBS_QUEUE]: 'JOBS_QUEUE_URL',
  [RETRACT_EVENTS_QUEUE]: 'RETRACT_EVENTS_QUEUE_URL',
};

export function namedQueueUrls(urlOf: (name: string) => string): QueueUrls {
  return {
    jobs: urlOf(JOBS_QUEUE),
    jobsDlq: urlOf(`${JOBS_QUEUE}-dlq`),
    retractEvents: urlOf(RETRACT_EVENTS_QUEUE),
    retractEventsDlq: urlOf(`${RETRACT_EVENTS_QUEUE}-dlq`),
  };
}

/** SQS ARNs are not in the URL's host, but account and name are its path: `/<account>/<name>`. */
export function queueArnFromUrl(queueUrl: string, region: string): string {
  const [account = '000000000000', name = ''] = new URL(queueUrl).pathname.split('/').filter(Boolean).slice(-2);
  return `arn:aws:sqs:${region}:${account}:${name}`;
}

/**
 * Creates the dead-letter queue, then the queue with its redrive policy. Idempotent: a queue
 * that exists with other attributes (an older visibility timeout) is brought in line.
 */
export async function ensureQueue(sqs: SQSClient, spec: QueueSpec): Promise<string> {
  const dlqUrl = await createOrUpdate(sqs, spec.dlqName, { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) });
  const dlq = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const dlqArn = dlq.Attributes?.QueueArn;
  if (!dlqArn) throw new Error(`queue ${spec.dlqName} has no ARN`);
  return createOrUpdate(sqs, spec.name, {
    VisibilityTimeout: String(spec.visibilityTimeout),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.maxReceiveCount }),
  });
}

async function createOrUpdate(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  try {
    const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    if (created.QueueUrl) return created.QueueUrl;
  } catch (error) {
    if (!(error instanceof QueueNameExists) && (error as { name?: string }).name !== 'QueueAlreadyExists') throw error;
  }
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`queue ${name} has no URL`);
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
  return QueueUrl;
}

export interface BackgroundTask {
  stop(): Promise<void>;
  /** Resolves once every queue exists (never, if the endpoint stays down). */
  readonly done: Promise<void>;
}

/**
 * For an outside SQS endpoint: create the queues without holding up the start, retrying with
 * backoff until the endpoint answers. Logs the outage once and the recovery once, and warns
 * when the endpoint names a queue differently from the URL the functions were given.
 */
export function ensureQueuesInBackground(
  sqs: SQSClient,
  specs: QueueSpec[],
  log: Logger,
  expectedUrl: (queue: string) => string,
): BackgroundTask {
  const abort = new AbortController();
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const run = async () => {
    let delayMs = 500;
    let warned = false;
    while (!abort.signal.aborted) {
      try {
        for (const spec of specs) {
          const url = await ensureQueue(sqs, spec);
          const expected = expectedUrl(spec.name);
          if (new URL(url).pathname !== new URL(expected).pathname) {
            log.event('warn', 'queue URL differs from the one the functions use', { queue: spec.name, actual: url, used: expected });
          }
        }
        if (warned) log.event('info', 'queues created', { endpoint: await endpointOf(sqs) });
        resolveDone();
        return;
      } catch (error) {
        if (!warned) {
          log.event('warn', 'cannot create queues yet; retrying in the background', { error: errorMessage(error) });
          warned = true;
        }
        await sleep(delayMs, abort.signal);
        delayMs = Math.min(delayMs * 2, 30_000);
      }
    }
  };
  const running = run();
  return {
    done,
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}

async function endpointOf(sqs: SQSClient): Promise<string | undefined> {
  const endpoint = await sqs.config.endpoint?.();
  return endpoint ? `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}` : undefined;
}
