/**
 * `GET /static/{key+}`: the local stand-in for the CDN in front of the distribution bucket. Not
 * a Lambda: it streams objects straight from S3 to the client, never holding a whole one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { s3 } from '../../lib/aws/clients.ts';
import { config } from '../../lib/config.ts';
import { resolveRange } from './range.ts';

const CORS = {
  // Players load HLS playlists and segments from another origin.
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Accept-Ranges, Content-Length, Content-Range, ETag, Last-Modified',
};

export async function requestHandler(req: IncomingMessage, res: ServerResponse, pathParameters: Record<string, string>): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      ...CORS,
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': 'Range, If-None-Match',
      'access-control-max-age': '86400',
    });
    return void res.end();
  }
  // The gateway decoded the key segment by segment, so `%2F` inside one segment is a `/` too,
  // which is what the distribution's URLs mean by it.
  const key = pathParameters.key ?? '';
  const bucket = config().distributionBucket;

  let head: HeadObjectCommandOutput;
  try {
    head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    return sendError(res, error);
  }
  const size = head.ContentLength ?? 0;
  const common: Record<string, string> = {
    ...CORS,
    'accept-ranges': 'bytes',
    'content-type': head.ContentType ?? 'application/octet-stream',
    ...(head.ETag ? { etag: head.ETag } : {}),
    ...(head.LastModified ? { 'last-modified': head.LastModified.toUTCString() } : {}),
  };

  if (head.ETag && req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === head.ETag)) {
    res.writeHead(304, common);
    return void res.end();
  }

  const range = resolveRange(req.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    return sendText(res, 416, 'The requested range is outside the file.', { ...common, 'content-range': `bytes */${size}` });
  }
  const status = range.kind === 'partial' ? 206 : 200;
  const headers = {
    ...common,
    'content-length': String(range.kind === 'partial' ? range.end - range.start + 1 : size),
    ...(range.kind === 'partial' ? { 'content-range': `bytes ${range.start}-${range.end}/${size}` } : {}),
  };
  if (req.method === 'HEAD') {
    res.writeHead(status, headers);
    return void res.end();
  }

  let body: Readable;
  try {
    const object = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        // Always an explicit first-last range: the emulator misreads suffix ranges.
        ...(range.kind === 'partial' ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        // The object must not change between the HEAD above and this read.
        ...(head.ETag ? { IfMatch: head.ETag } : {}),
      }),
    );
    body = object.Body as Readable;
  } catch (error) {
    return sendError(res, error);
  }
  res.writeHead(status, headers);
  try {
    await pipeline(body, res);
  } catch {
    // The client went away mid-file; pipeline has already closed both sides.
  }
}

function sendError(res: ServerResponse, error: unknown): void {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === 404) return sendText(res, 404, 'No file is distributed at this address.');
  if (status === 412) return sendText(res, 503, 'The file changed while it was being read; try again.', { 'retry-after': '1' });
  // No HTTP status at all: the storage endpoint did not answer.
  if (status === undefined) return sendText(res, 503, 'Storage is unreachable; try again later.', { 'retry-after': '5' });
  throw error;
}

function sendText(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  const body = `${message}\n`;
  res.writeHead(status, { ...CORS, ...extra, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
