/**
 * The adapters every function shares, made once per process from the configuration. Functions
 * import from here; the use cases only see the ports.
 */
import { config } from '../config.ts';
import { cloudFront, s3, sqs } from './clients.ts';
import { CloudFrontInvalidator } from './cloudfront-invalidator.ts';
import { S3ObjectStore } from './s3-store.ts';
import { SqsJobQueue } from './sqs-queue.ts';
import { CloudFrontSignedUrls, S3PresignedUrls } from './url-signers.ts';

const cfg = config();

export const store = new S3ObjectStore(s3, {
  multipartCopyThreshold: cfg.multipartCopyThreshold,
  multipartPartSize: cfg.multipartPartSize,
  partConcurrency: 8,
  copySourceEncoding: cfg.s3Endpoint ? 'uri' : 'segment',
});

export const jobQueue = new SqsJobQueue(sqs, cfg.jobsQueueUrl);

export const retractEventsDlq = cfg.retractEventsDlqUrl ? new SqsJobQueue(sqs, cfg.retractEventsDlqUrl) : undefined;

const cdn = cloudFront && cfg.cloudfrontDistributionId ? new CloudFrontInvalidator(cloudFront, cfg.cloudfrontDistributionId) : undefined;

const signer =
  cfg.privateUrlTtlSeconds === undefined
    ? undefined
    : cfg.cloudfrontKeyPairId && cfg.cloudfrontPrivateKey
      ? new CloudFrontSignedUrls(cfg.cloudfrontKeyPairId, cfg.cloudfrontPrivateKey, cfg.privateUrlTtlSeconds)
      : new S3PresignedUrls(s3, cfg.distributionBucket, cfg.privateUrlTtlSeconds);

export const deps = { store, queue: jobQueue, cdn, signer, settings: cfg };
