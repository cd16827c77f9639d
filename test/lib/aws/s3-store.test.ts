import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { copySource, S3ObjectStore } from '../../../lib/aws/s3-store.ts';

const MiB = 1024 * 1024;
const s3 = mockClient(S3Client);
const store = (encoding: 'segment' | 'uri' = 'segment') =>
  new S3ObjectStore(new S3Client({ region: 'us-east-1' }), {
    multipartCopyThreshold: 10 * MiB,
    multipartPartSize: 5 * MiB,
    partConcurrency: 2,
    copySourceEncoding: encoding,
    conditionalWrites: encoding === 'segment',
  });
const source = { bucket: 'workspace', key: 'mp/a b+c?.mov' };
const target = { bucket: 'distribution', key: 'org/ch/mp/el/a b+c?.mov' };
const awsError = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('copySource', () => {
  it('percent-encodes each key segment for S3, so ?, + and # survive its URL-decoding', () => {
    expect(copySource(source, 'segment')).toBe('workspace/mp/a%20b%2Bc%3F.mov');
  });

  it('uses encodeURI for emulators that decode with decodeURI (s3rver)', () => {
    expect(copySource(source, 'uri')).toBe('workspace/mp/a%20b+c?.mov');
  });
});

describe('S3ObjectStore.copy', () => {
  beforeEach(() => s3.reset());

  it('copies below the threshold with one CopyObject, replacing type and metadata', async () => {
    s3.on(CopyObjectCommand).resolves({});
    await store().copy(source, target, 10 * MiB - 1, { contentType: 'video/quicktime', metadata: { 'source-etag': '"e"' } });
    expect(s3.commandCalls(CopyObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'distribution',
      Key: target.key,
      CopySource: 'workspace/mp/a%20b%2Bc%3F.mov',
      MetadataDirective: 'REPLACE',
      TaggingDirective: 'REPLACE',
      ContentType: 'video/quicktime',
      Metadata: { 'source-etag': '"e"' },
    });
  });

  it('copies at the threshold part by part, covering every byte once, and completes in part order', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    s3.on(UploadPartCopyCommand).callsFake((input) => ({ CopyPartResult: { ETag: `"p${input.PartNumber}"` } }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const size = 12 * MiB + 7;
    await store().copy(source, target, size, { contentType: 'video/mp4' });
    const ranges = s3.commandCalls(UploadPartCopyCommand).map((call) => call.args[0].input.CopySourceRange);
    expect(ranges.sort()).toEqual([`bytes=0-${5 * MiB - 1}`, `bytes=${10 * MiB}-${size - 1}`, `bytes=${5 * MiB}-${10 * MiB - 1}`].sort());
    const complete = s3.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input;
    expect(complete.MultipartUpload!.Parts).toEqual([1, 2, 3].map((n) => ({ PartNumber: n, ETag: `"p${n}"` })));
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).toMatchObject({ ContentType: 'video/mp4' });
  });

  it('aborts the multipart upload when a part fails, so no orphaned parts stay behind', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u2' });
    s3.on(UploadPartCopyCommand).resolvesOnce({ CopyPartResult: { ETag: '"p1"' } }).rejects(awsError('AccessDenied', 403));
    s3.on(AbortMultipartUploadCommand).resolves({});
    await expect(store().copy(source, target, 20 * MiB, {})).rejects.toThrow('AccessDenied');
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]!.args[0].input).toEqual({ Bucket: 'distribution', Key: target.key, UploadId: 'u2' });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('copies only the source version the plan saw, and calls a replaced source a retryable 503', async () => {
    s3.on(CopyObjectCommand).rejects(awsError('PreconditionFailed', 412));
    await expect(store().copy(source, target, 1, { sourceEtag: '"v1"' })).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: 'The source s3://workspace/mp/a b+c?.mov changed while it was copied; please retry.',
    });
    expect(s3.commandCalls(CopyObjectCommand)[0]!.args[0].input).toMatchObject({ CopySourceIfMatch: '"v1"' });
  });

  it('pins every part of a multipart copy to the same source version', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u3' });
    s3.on(UploadPartCopyCommand).resolves({ CopyPartResult: { ETag: '"p"' } });
    s3.on(CompleteMultipartUploadCommand).resolves({});
    await store().copy(source, target, 12 * MiB, { sourceEtag: '"v1"' });
    expect(s3.commandCalls(UploadPartCopyCommand).map((call) => call.args[0].input.CopySourceIfMatch)).toEqual(['"v1"', '"v1"', '"v1"']);
  });

  it('reports an unreachable store as 503, not as a bug', async () => {
    s3.on(CopyObjectCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await expect(store().copy(source, target, 1, {})).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
  });
});

describe('S3ObjectStore reads and conditional writes', () => {
  beforeEach(() => s3.reset());

  it('head answers undefined for a missing object', async () => {
    s3.on(HeadObjectCommand).rejects(awsError('NotFound', 404));
    expect(await store().head(source)).toBeUndefined();
  });

  it('putIfAbsent on S3 is one conditional PUT, and answers false when S3 refuses with 412', async () => {
    s3.on(PutObjectCommand).rejects(awsError('PreconditionFailed', 412));
    expect(await store('segment').putIfAbsent(target, 'x', {})).toBe(false);
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ IfNoneMatch: '*' });
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(0);
  });

  it('putIfAbsent on a store without conditional writes looks first and does not write over an object', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 1 });
    expect(await store('uri').putIfAbsent(target, 'x', {})).toBe(false);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
