/**
 * The local stack for integration tests: free ports, a fresh temporary DATA_DIR, a random
 * API token, and small conveniences on the real SDK clients pointed at the emulators.
 *
 *   const t = await startTestStack({ env: { QUEUE_VISIBILITY_TIMEOUT: '2' } });
 *   afterAll(() => t.stop());
 *   await t.putWorkspaceObject('media.mov', bytes, 'video/quicktime');
 *   const res = await t.api('/distributesync', { method: 'POST', body: t.form({ ... }) });
 *
 * Vitest runs each test file in its own process, and a process holds one stack at a time (the
 * functions read their environment once, at import), so start it in `beforeAll`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { localS3Client, localSqsClient } from '../../infra/local/aws.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../infra/local/stack.ts';

export interface TestStackOptions extends Omit<LocalStackOptions, 'dataDir'> {
  /** Reuse a DATA_DIR (e.g. to restart a stack); it is then left in place on stop. */
  dataDir?: string;
  /** Request and poller log lines on stderr; off unless asked for (or a `log` sink is given). */
  verbose?: boolean;
}

export interface DistributionObject {
  body: Buffer;
  contentType?: string;
  metadata: Record<string, string>;
}

export interface TestStack {
  stack: LocalStack;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The bearer token the API expects. */
  token: string;
  /** What the functions see in process.env. */
  env: Record<string, string>;
  dataDir: string;
  s3: S3Client;
  sqs: SQSClient;
  /** fetch against the API with `Authorization: Bearer <token>` (unless `init.headers` sets one). */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** A form body: `t.api('/retract', { method: 'POST', body: t.form({ channelId: 'c', … }) })`. */
  form(fields: Record<string, string>): URLSearchParams;
  /** Puts a source object into the workspace bucket. */
  putWorkspaceObject(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  /** Puts an object straight into the distribution bucket. */
  putDistributionObject(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  /** An object of the distribution bucket, or undefined when there is none. */
  getDistributionObject(key: string): Promise<DistributionObject | undefined>;
  /** Every key under `prefix` in the distribution bucket, sorted. */
  listDistribution(prefix?: string): Promise<string[]>;
  /** Sends a message body (e.g. to `stack.queueUrls.retractEvents`). */
  sendMessage(queueUrl: string, body: string): Promise<string>;
  /**
   * Every message currently visible in a queue (typically a dead-letter queue), without
   * deleting them. They stay invisible for `visibilityTimeout` seconds afterwards (default 30);
   * with 0 they are at once visible again to the poller, but each receive still counts toward
   * the queue's maxReceiveCount.
   */
  receiveAll(queueUrl: string, visibilityTimeout?: number): Promise<Message[]>;
  /** Stops the stack and removes the temporary DATA_DIR. */
  stop(): Promise<void>;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'local-stack-')));
  const token = options.env?.API_TOKEN ?? `test-token-${Math.random().toString(36).slice(2)}`;
  const { verbose, ...stackOptions } = options;
  const stack = await startLocalStack({
    port: 0,
    s3Port: 0,
    sqsPort: 0,
    quiet: !verbose,
    // Expected failures (retries, dead letters) would otherwise fill the test output.
    ...(verbose ? {} : { log: () => undefined }),
    ...stackOptions,
    dataDir,
    env: { API_TOKEN: token, ...options.env },
  });
  const target = {
    region: stack.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: stack.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: stack.env.AWS_SECRET_ACCESS_KEY ?? '' },
  };
  const s3 = localS3Client({ endpoint: stack.s3Endpoint, ...target });
  const sqs = localSqsClient({ endpoint: stack.sqsEndpoint, ...target });
  const distribution = stack.env.DISTRIBUTION_BUCKET ?? 'distribution';
  const workspace = stack.env.WORKSPACE_BUCKET ?? 'workspace';

  const put = async (bucket: string, key: string, body: string | Uint8Array, contentType?: string) => {
    // Bytes with a known length: the SDK warns about (and streams) an empty string body.
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.length, ...(contentType ? { ContentType: contentType } : {}) }));
  };

  return {
    stack,
    url: stack.url,
    token,
    env: stack.env,
    dataDir,
    s3,
    sqs,
    api: (apiPath, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
      return fetch(`${stack.url}${apiPath}`, { ...init, headers });
    },
    form: (fields) => new URLSearchParams(fields),
    putWorkspaceObject: (key, body, contentType) => put(workspace, key, body, contentType),
    putDistributionObject: (key, body, contentType) => put(distribution, key, body, contentType),
    getDistributionObject: async (key) => {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: distribution, Key: key }));
        return {
          body: Buffer.from(await object.Body!.transformToByteArray()),
          ...(object.ContentType ? { contentType: object.ContentType } : {}),
          metadata: object.Metadata ?? {},
        };
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    listDistribution: async (prefix = '') => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: distribution, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    sendMessage: async (queueUrl, body) => {
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
      return sent.MessageId ?? '';
    },
    receiveAll: async (queueUrl, visibilityTimeout = 30) => {
      const seen = new Map<string, Message>();
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            VisibilityTimeout: visibilityTimeout,
            AttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        const fresh = Messages.filter((m) => !seen.has(m.MessageId ?? ''));
        if (fresh.length === 0) return [...seen.values()];
        for (const message of fresh) seen.set(message.MessageId ?? '', message);
      }
    },
    stop: async () => {
      await stack.stop();
      s3.destroy();
      sqs.destroy();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
