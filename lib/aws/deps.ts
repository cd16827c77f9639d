/**
 * The adapters every function shares, made once per process from the configuration. Functions
 * import from here; the use cases only see the ports. The CDN and the URL signers live in
 * modules of their own, so only the functions that use them load their SDK packages.
 */
import { config } from '../config.ts';
import { s3, sqs } from './clients.ts';
import { S3ObjectStore } from './s3-store.ts';
import { SqsJobQueue } from './sqs-queue.ts';

const cfg = config();

export const store = new S3ObjectStore(s3, {
  multipartCopyThreshold: cfg.multipartCopyThreshold,
  multipartPartSize: cfg.multipartPartSize,
  partConcurrency: 8,
  // Emulators (an S3_ENDPOINT) decode copy sources with decodeURI and ignore If-None-Match.
  copySourceEncoding: cfg.s3Endpoint ? 'uri' : 'segment',
  conditionalWrites: !cfg.s3Endpoint,
});

export const jobQueue = new SqsJobQueue(sqs, cfg.jobsQueueUrl);

export const retractEventsDlq = cfg.retractEventsDlqUrl ? new SqsJobQueue(sqs, cfg.retractEventsDlqUrl) : undefined;

export const deps = { store, queue: jobQueue, settings: cfg };
