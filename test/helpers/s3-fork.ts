/**
 * An outside S3-compatible endpoint for tests: @20minutes/s3rver 4.0.4, a maintained s3rver
 * fork that implements UploadPartCopy (the embedded s3rver 3.7.1 answers it 501). Every request
 * is recorded with its S3 operation, so a test can see how an object was written without
 * reaching into the service.
 *
 * Measured: it decodes `x-amz-copy-source` with decodeURI (so the service's 'uri' encoding is
 * the right one), knows only the key id S3RVER (with allowMismatchedSignatures any secret),
 * answers AbortMultipartUpload 405 MethodNotAllowed, and gives a completed multipart upload
 * the MD5 of the whole object as its ETag (no `-N` suffix), so parts show only in the requests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from '@20minutes/s3rver';

export interface S3Request {
  /** The SDK's `x-id` (CopyObject, UploadPartCopy, …), else derived: HeadObject, CreateMultipartUpload, … */
  operation: string;
  bucket: string;
  key: string;
  status: number;
}

export interface ForkS3 {
  endpoint: string;
  requests: S3Request[];
  /** Requests on one object key of one bucket, in arrival order. */
  on(bucket: string, key: string): S3Request[];
  close(): Promise<void>;
}

function operationOf(method: string, query: URLSearchParams): string {
  const named = query.get('x-id');
  if (named) return named;
  if (query.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'POST' && query.has('uploadId')) return 'CompleteMultipartUpload';
  return { HEAD: 'HeadObject', GET: 'GetObject', PUT: 'PutObject', DELETE: 'DeleteObject', POST: 'Post' }[method] ?? method;
}

export async function startForkS3(buckets: string[]): Promise<ForkS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 's3rver-fork-'));
  const s3rver = new S3rver({ directory, silent: true, allowMismatchedSignatures: true, configureBuckets: buckets.map((name) => ({ name })) });
  await s3rver.configureBuckets();
  const app = s3rver.callback();
  const requests: S3Request[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [bucket = '', ...key] = url.pathname.slice(1).split('/');
    const entry = { operation: operationOf(req.method ?? '', url.searchParams), bucket, key: decodeURIComponent(key.join('/')), status: 0 };
    res.on('finish', () => {
      entry.status = res.statusCode;
      requests.push(entry);
    });
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    on: (bucket, key) => requests.filter((r) => r.bucket === bucket && r.key === key),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      s3rver.logger.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
