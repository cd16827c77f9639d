/**
 * lib/ports.ts's ObjectStore over a Map, for unit tests of the use cases: lists in key order
 * as S3 does, records every delete call, and can be taken "down" to stand for unreachable
 * storage (every call then throws what the S3 adapter throws).
 *
 *   const store = new MemoryStore();
 *   store.add('dist', 'org/ch/mp/el/a.mp4', 'bytes');
 *   store.down = true;
 */
import type { Readable } from 'node:stream';
import { ServiceUnavailableError } from '../../lib/errors.ts';
import type { ObjectInfo, ObjectRef, ObjectStore, WriteOptions } from '../../lib/ports.ts';

interface Stored {
  body: Buffer;
  info: ObjectInfo;
}

export class MemoryStore implements ObjectStore {
  private readonly objects = new Map<string, Stored>();
  /** The keys of every deleteMany call, in order. */
  readonly deleteCalls: { bucket: string; keys: string[] }[] = [];
  down = false;

  add(bucket: string, key: string, body: string | Uint8Array = '', options: WriteOptions = {}): void {
    const bytes = Buffer.from(body);
    this.objects.set(id(bucket, key), {
      body: bytes,
      info: { key, size: bytes.length, etag: `"${bytes.length}"`, contentType: options.contentType, metadata: options.metadata, lastModified: new Date(0) },
    });
  }

  /** Every key of a bucket, in key order. */
  keys(bucket: string): string[] {
    return [...this.objects.keys()]
      .filter((k) => k.startsWith(`${bucket}\u0000`))
      .map((k) => k.slice(bucket.length + 1))
      .sort();
  }

  async head(ref: ObjectRef): Promise<ObjectInfo | undefined> {
    this.check();
    return this.objects.get(id(ref.bucket, ref.key))?.info;
  }

  async copy(source: ObjectRef, target: ObjectRef, _size: number, options: WriteOptions): Promise<void> {
    this.check();
    const from = this.objects.get(id(source.bucket, source.key));
    if (!from) throw new Error(`no object ${source.bucket}/${source.key}`);
    this.add(target.bucket, target.key, from.body, options);
  }

  async upload(target: ObjectRef, body: Readable, options: WriteOptions): Promise<void> {
    this.check();
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    this.add(target.bucket, target.key, Buffer.concat(chunks), options);
  }

  async put(target: ObjectRef, body: string | Uint8Array, options: WriteOptions): Promise<void> {
    this.check();
    this.add(target.bucket, target.key, body, options);
  }

  async putIfAbsent(target: ObjectRef, body: string, options: WriteOptions): Promise<boolean> {
    this.check();
    if (this.objects.has(id(target.bucket, target.key))) return false;
    this.add(target.bucket, target.key, body, options);
    return true;
  }

  async getText(ref: ObjectRef): Promise<string | undefined> {
    this.check();
    return this.objects.get(id(ref.bucket, ref.key))?.body.toString('utf8');
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectInfo> {
    this.check();
    for (const key of this.keys(bucket)) {
      if (key.startsWith(prefix)) yield this.objects.get(id(bucket, key))!.info;
    }
  }

  async deleteMany(bucket: string, keys: string[]): Promise<void> {
    this.check();
    this.deleteCalls.push({ bucket, keys: [...keys] });
    for (const key of keys) this.objects.delete(id(bucket, key));
  }

  async ping(): Promise<void> {
    this.check();
  }

  private check(): void {
    if (this.down) throw new ServiceUnavailableError('Storage is unreachable right now. Please retry later.');
  }
}

const id = (bucket: string, key: string) => `${bucket}\u0000${key}`;
