/**
 * The SDK clients, made once per process at module scope so warm invocations reuse their
 * connections. Only lib/aws/ imports the SDK.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { config, type Config } from '../config.ts';

// Enough sockets for COPY_CONCURRENCY copies plus multipart parts; the SDK default of 50 would
// queue the rest silently, but a finite timeout keeps a dead endpoint from hanging a request.
const requestHandler = (cfg: Config) =>
  new NodeHttpHandler({
    // Long enough for a burst queued on one local process; an endpoint that is down refuses at once anyway.
    connectionTimeout: cfg.s3Endpoint ? 10_000 : 5_000,
    requestTimeout: 0,
    httpAgent: { keepAlive: true, maxSockets: 256 },
    httpsAgent: { keepAlive: true, maxSockets: 256 },
  });

export function s3ClientConfig(cfg: Config): S3ClientConfig {
  const base: S3ClientConfig = {
    region: cfg.region,
    requestHandler: requestHandler(cfg),
    maxAttempts: cfg.s3Endpoint ? 2 : 3,
  };
  if (!cfg.s3Endpoint) return base;
  // Emulators and S3-compatible stores: path-style addressing, and no streaming checksums,
  // which s3rver would otherwise store inside the object.
  return {
    ...base,
    endpoint: cfg.s3Endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export function sqsClientConfig(cfg: Config): SQSClientConfig {
  return {
    region: cfg.region,
    maxAttempts: cfg.sqsEndpoint ? 2 : 3,
    requestHandler: new NodeHttpHandler({ connectionTimeout: cfg.sqsEndpoint ? 2_000 : 5_000 }),
    ...(cfg.sqsEndpoint ? { endpoint: cfg.sqsEndpoint } : {}),
  };
}

export const s3 = new S3Client(s3ClientConfig(config()));
export const sqs = new SQSClient(sqsClientConfig(config()));
