/**
 * What the domain needs from the cloud, and nothing more. lib/aws/ implements these with the
 * AWS SDK; nothing above that folder imports the SDK.
 *
 * Adapters translate failures: an unreachable service becomes ServiceUnavailableError, a missing
 * object `undefined` (reads) or a no-op (deletes), so callers never see SDK error shapes.
 */
import type { Readable } from 'node:stream';

export interface ObjectRef {
  bucket: string;
  key: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  /** Quoted, as S3 returns it; a multipart ETag ends in `-<parts>`. */
  etag?: string;
  contentType?: string;
  lastModified?: Date;
  metadata?: Record<string, string>;
}

export interface WriteOptions {
  contentType?: string;
  metadata?: Record<string, string>;
  /**
   * copy(): the source ETag the plan saw. A source replaced since then fails the copy as
   * unavailable (retried) instead of mixing two versions in one multipart copy.
   */
  sourceEtag?: string;
}

export interface ObjectStore {
  head(ref: ObjectRef): Promise<ObjectInfo | undefined>;
  /** Server-side copy; no byte passes through the caller. `size` picks single or multipart copy. */
  copy(source: ObjectRef, target: ObjectRef, size: number, options: WriteOptions): Promise<void>;
  /** Streams `body` in with bounded memory; the object appears only when the stream ended cleanly. */
  upload(target: ObjectRef, body: Readable, options: WriteOptions): Promise<void>;
  put(target: ObjectRef, body: string | Uint8Array, options: WriteOptions): Promise<void>;
  /** Writes only if nothing is at `target` yet; false when something already was. */
  putIfAbsent(target: ObjectRef, body: string, options: WriteOptions): Promise<boolean>;
  getText(ref: ObjectRef): Promise<string | undefined>;
  list(bucket: string, prefix: string): AsyncIterable<ObjectInfo>;
  /** Deletes the keys, in batches; keys that are already gone are fine. */
  deleteMany(bucket: string, keys: string[]): Promise<void>;
  /** Throws ServiceUnavailableError when the bucket can't be reached. */
  ping(bucket: string): Promise<void>;
}

export interface QueueMessage {
  /** Unique within one send call. */
  id: string;
  body: string;
  /** String message attributes, e.g. why a message was dead-lettered. */
  attributes?: Record<string, string>;
}

export interface JobQueue {
  /** Sends every message or throws; partial batch failures are retried before giving up. */
  send(messages: QueueMessage[]): Promise<void>;
  ping(): Promise<void>;
}

/** Makes removed paths fresh at the CDN. Retraction has already happened; this only helps caches. */
export interface CdnInvalidator {
  invalidate(paths: string[]): Promise<void>;
}

/** Private distribution: turns a distributed object into a URL that expires. */
export interface UrlSigner {
  sign(key: string, publicUrl: string): Promise<string>;
}
