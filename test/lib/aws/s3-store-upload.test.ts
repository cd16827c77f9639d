/**
 * Streaming uploads (http sources) on the AWS path: the emulators can't show these, because
 * s3rver has no AbortMultipartUpload. Integration tests cover the same failures end to end.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../lib/aws/s3-store.ts';
import { SourceFailedError } from '../../../lib/errors.ts';

const MiB = 1024 * 1024;
const s3 = mockClient(S3Client);
const store = new S3ObjectStore(new S3Client({ region: 'us-east-1' }), {
  multipartCopyThreshold: 10 * MiB,
  multipartPartSize: 5 * MiB,
  partConcurrency: 2,
  copySourceEncoding: 'segment',
  conditionalWrites: true,
});
const target = { bucket: 'distribution', key: 'org/ch/mp/el/talk.mp4' };
const awsError = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

/** 1 MiB per read; after `breakAfterMiB` reads it fails as a source that broke off (never, if undefined: it never ends). */
function source(breakAfterMiB?: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent === breakAfterMiB) return this.destroy(new SourceFailedError('The source http://media/talk.mp4 broke off: aborted.'));
      sent += 1;
      this.push(Buffer.alloc(MiB, sent));
    },
  });
}

describe('S3ObjectStore.upload', () => {
  beforeEach(() => {
    s3.reset();
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    s3.on(UploadPartCommand).resolves({ ETag: '"p"' });
  });

  it('aborts the multipart upload when the source breaks off after a part, and fails with the source error', async () => {
    s3.on(AbortMultipartUploadCommand).resolves({});
    await expect(store.upload(target, source(10), { contentType: 'video/mp4' })).rejects.toThrow(/broke off/);
    expect(s3.commandCalls(UploadPartCommand).length).toBeGreaterThanOrEqual(1);
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((call) => call.args[0].input)).toEqual([{ Bucket: target.bucket, Key: target.key, UploadId: 'u1' }]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('still fails with the source error when the abort fails too (s3rver answers it 405)', async () => {
    s3.on(AbortMultipartUploadCommand).rejects(awsError('MethodNotAllowed', 405));
    await expect(store.upload(target, source(10), {})).rejects.toBeInstanceOf(SourceFailedError);
  });

  it('writes nothing when the source breaks off before the first part is full', async () => {
    await expect(store.upload(target, source(3), {})).rejects.toBeInstanceOf(SourceFailedError);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('answers a storage failure as 503, aborts, and stops reading the source', async () => {
    s3.on(UploadPartCommand).rejects(awsError('InternalError', 500));
    s3.on(AbortMultipartUploadCommand).resolves({});
    const body = source();
    await expect(store.upload(target, body, {})).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
    expect(body.destroyed).toBe(true);
  });
});
