/**
 * SDK clients for the stack's own work (creating buckets and queues, polling) and for tests.
 * The functions use lib/aws/clients.ts instead; these mirror its emulator settings.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface ClientTarget {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export function localS3Client({ endpoint, region, credentials }: ClientTarget): S3Client {
  return new S3Client({
    endpoint,
    region,
    credentials,
    // s3rver: path-style only, and streaming checksums would end up inside the stored object.
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 2_000 }),
  });
}

export function localSqsClient({ endpoint, region, credentials }: ClientTarget): SQSClient {
  return new SQSClient({
    endpoint,
    region,
    credentials,
    // One attempt: the poller has its own backoff, and a dead endpoint should not stall a stop.
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 2_000 }),
  });
}
