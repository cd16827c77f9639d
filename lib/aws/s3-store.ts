/** The ObjectStore port on S3 (or an S3 emulator). The only file that speaks S3 for the domain. */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { mapLimit } from '../concurrency.ts';
import { ServiceUnavailableError } from '../errors.ts';
import type { ObjectInfo, ObjectRef, ObjectStore, WriteOptions } from '../ports.ts';
import { rethrow, statusOf } from './errors.ts';

export interface S3StoreOptions {
  /** Objects at or above this size are copied with UploadPartCopy (CopyObject stops at 5 GB). */
  multipartCopyThreshold: number;
  multipartPartSize: number;
  /** Parts copied (or uploaded) at the same time, per object. */
  partConcurrency: number;
  /**
   * S3 URL-decodes `x-amz-copy-source`, so each key segment is percent-encoded (`?`, `+`, `#`
   * included). s3rver decodes it with decodeURI and would miss those, so emulators get encodeURI.
   */
  copySourceEncoding: 'segment' | 'uri';
  /** S3 honours If-None-Match on PUT; s3rver ignores it, so there a HEAD has to narrow the race first. */
  conditionalWrites: boolean;
}

const UPLOAD_PART_SIZE = 8 * 1024 * 1024;
const DELETE_BATCH = 1000;

export function copySource(ref: ObjectRef, encoding: S3StoreOptions['copySourceEncoding']): string {
  const path = `${ref.bucket}/${ref.key}`;
  return encoding === 'uri' ? encodeURI(path) : `${ref.bucket}/${ref.key.split('/').map(encodeURIComponent).join('/')}`;
}

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly options: S3StoreOptions,
  ) {}

  async head(ref: ObjectRef): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
      return {
        key: ref.key,
        size: out.ContentLength ?? 0,
        etag: out.ETag,
        contentType: out.ContentType,
        lastModified: out.LastModified,
        metadata: out.Metadata,
      };
    } catch (error) {
      // 403 is what S3 answers for a missing key when the caller may not list the bucket.
      if (statusOf(error) === 404 || statusOf(error) === 403) return undefined;
      return rethrow(error, 'Storage');
    }
  }

  async copy(source: ObjectRef, target: ObjectRef, size: number, options: WriteOptions): Promise<void> {
    try {
      if (size < this.options.multipartCopyThreshold) {
        await this.client.send(
          new CopyObjectCommand({
            Bucket: target.bucket,
            Key: target.key,
            CopySource: copySource(source, this.options.copySourceEncoding),
            CopySourceIfMatch: options.sourceEtag,
            MetadataDirective: 'REPLACE',
            // Source tags are the workspace's business; copying them would also need tagging rights.
            TaggingDirective: 'REPLACE',
            ContentType: options.contentType,
            Metadata: options.metadata,
          }),
        );
      } else {
        await this.multipartCopy(source, target, size, options);
      }
    } catch (error) {
      // CopySourceIfMatch refused: the source was replaced since it was planned. A retry plans again.
      if (statusOf(error) === 412) {
        throw new ServiceUnavailableError(`The source s3://${source.bucket}/${source.key} changed while it was copied; please retry.`, 1, { cause: error });
      }
      rethrow(error, 'Storage');
    }
  }

  private async multipartCopy(source: ObjectRef, target: ObjectRef, size: number, options: WriteOptions): Promise<void> {
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, ContentType: options.contentType, Metadata: options.metadata }),
    );
    const partSize = Math.max(this.options.multipartPartSize, Math.ceil(size / 10_000));
    const ranges = Array.from({ length: Math.ceil(size / partSize) }, (_, index) => ({
      part: index + 1,
      range: `bytes=${index * partSize}-${Math.min(size, (index + 1) * partSize) - 1}`,
    }));
    try {
      const parts = await mapLimit(ranges, this.options.partConcurrency, async ({ part, range }) => {
        const out = await this.client.send(
          new UploadPartCopyCommand({
            Bucket: target.bucket,
            Key: target.key,
            UploadId,
            PartNumber: part,
            CopySource: copySource(source, this.options.copySourceEncoding),
            CopySourceIfMatch: options.sourceEtag,
            CopySourceRange: range,
          }),
        );
        return { PartNumber: part, ETag: out.CopyPartResult?.ETag };
      });
      await this.client.send(
        new CompleteMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId, MultipartUpload: { Parts: parts } }),
      );
    } catch (error) {
      // Parts of an unfinished upload are billed and invisible: never leave them behind.
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId }))
        .catch(() => undefined);
      throw error;
    }
  }

  async upload(target: ObjectRef, body: Readable, options: WriteOptions): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: target.bucket, Key: target.key, Body: body, ContentType: options.contentType, Metadata: options.metadata },
      partSize: UPLOAD_PART_SIZE,
      queueSize: this.options.partConcurrency,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      // A source that broke off is the cause even when lib-storage rejects with something else:
      // after a part was uploaded it rejects with the AbortMultipartUpload failure instead
      // (s3rver answers that 405), which would turn a 502 into a 500. When S3 failed, though,
      // the body's error is only lib-storage letting go of it (an AbortError), and S3 is the cause.
      const bodyError = body.errored as NodeJS.ErrnoException | null;
      // Stop reading in every case, so the source's connection is released now, not at its timeout.
      body.destroy();
      if (bodyError && bodyError.code !== 'ABORT_ERR') throw bodyError;
      rethrow(error, 'Storage');
    }
  }

  async put(target: ObjectRef, body: string | Uint8Array, options: WriteOptions): Promise<void> {
    // Bytes with a known length: the SDK streams an empty string as a body of unknown length.
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: target.bucket,
          Key: target.key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: options.contentType,
          Metadata: options.metadata,
        }),
      );
    } catch (error) {
      rethrow(error, 'Storage');
    }
  }

  async putIfAbsent(target: ObjectRef, body: string, options: WriteOptions): Promise<boolean> {
    // On S3, If-None-Match makes the write itself atomic; elsewhere a HEAD narrows the race.
    if (!this.options.conditionalWrites && (await this.head(target))) return false;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: target.bucket,
          Key: target.key,
          Body: body,
          ContentType: options.contentType,
          Metadata: options.metadata,
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 409) return false;
      return rethrow(error, 'Storage');
    }
  }

  async getText(ref: ObjectRef): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
      return await out.Body!.transformToString('utf8');
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 403) return undefined;
      return rethrow(error, 'Storage');
    }
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectInfo> {
    try {
      for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: bucket, Prefix: prefix })) {
        for (const item of page.Contents ?? []) {
          if (item.Key === undefined) continue;
          yield { key: item.Key, size: item.Size ?? 0, etag: item.ETag, lastModified: item.LastModified };
        }
      }
    } catch (error) {
      rethrow(error, 'Storage');
    }
  }

  async deleteMany(bucket: string, keys: string[]): Promise<void> {
    try {
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH);
        const out = await this.client.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        );
        const failed = (out.Errors ?? []).filter((entry) => entry.Code !== 'NoSuchKey');
        if (failed.length > 0) {
          throw new Error(`Deleting ${failed.length} object(s) failed, first ${failed[0]!.Key}: ${failed[0]!.Code} ${failed[0]!.Message}`);
        }
      }
    } catch (error) {
      rethrow(error, 'Storage');
    }
  }

  async ping(bucket: string): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      rethrow(error, 'Storage');
    }
  }
}
