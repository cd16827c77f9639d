/**
 * Large S3 sources against an outside S3-compatible endpoint that implements UploadPartCopy
 * (the embedded s3rver 3.7.1 answers it 501): at or above MULTIPART_COPY_THRESHOLD the service
 * copies part by part, below it with one CopyObject, and content already at the target is not
 * copied again. The endpoint's request log shows how each object was written.
 */
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseElementArray } from '../../lib/mediapackage/index.ts';
import { startSourceServer, type SourceServer } from '../helpers/http-source.ts';
import { mediapackageXml } from '../helpers/mediapackage.ts';
import { startForkS3, type ForkS3 } from '../helpers/s3-fork.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

const ORG = 'mh_default_org';
const MiB = 1024 * 1024;
// Random bytes: a part copied twice or out of order can't pass for the right content.
const BIG = randomBytes(12 * MiB + 5);
const SMALL = randomBytes(300_000);
const WRITES = new Set(['CopyObject', 'UploadPartCopy', 'PutObject', 'UploadPart', 'CreateMultipartUpload', 'CompleteMultipartUpload']);

let s3: ForkS3;
let t: TestStack;
let source: SourceServer;

beforeAll(async () => {
  s3 = await startForkS3(['distribution', 'workspace', 'distribution-state']);
  // 5 MiB is the smallest threshold and part size the configuration allows, and S3's minimum part.
  t = await startTestStack({ env: { S3_ENDPOINT: s3.endpoint, MULTIPART_COPY_THRESHOLD: String(5 * MiB), MULTIPART_PART_SIZE: String(5 * MiB) } });
  source = await startSourceServer({ '/breaks.mp4': { breakAfter: 10 * MiB, total: 16 * MiB } });
  // A key S3 must receive percent-encoded: the fork, like s3rver, decodes x-amz-copy-source with decodeURI.
  await t.putWorkspaceObject('big file+1.mp4', BIG, 'video/mp4');
  await t.putWorkspaceObject('small.mp4', SMALL, 'video/mp4');
});

afterAll(async () => {
  await source?.close();
  await t?.stop();
  await s3?.close();
});

const mediapackage = mediapackageXml('mp-large', [
  { id: 'big', url: 'big%20file+1.mp4' },
  { id: 'small', url: 'small.mp4' },
]);
const FILES: Record<string, string> = { big: 'big file+1.mp4', small: 'small.mp4' };
const key = (id: string) => `${ORG}/engage-player/mp-large/${id}/${FILES[id]}`;
const distribute = (elementId: string, mp = mediapackage) =>
  t.api('/distributesync', { method: 'POST', body: t.form({ mediapackage: mp, channelId: 'engage-player', elementId }) });
const writesTo = (id: string) => s3.on('distribution', key(id)).filter((r) => WRITES.has(r.operation));

async function served(url: string): Promise<Buffer> {
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}

describe('an S3 source at or above MULTIPART_COPY_THRESHOLD', () => {
  it('is copied part by part with UploadPartCopy, and the same bytes are served', async () => {
    const response = await distribute('big');
    expect(response.status).toBe(200);
    const ops = writesTo('big').map((r) => `${r.operation} ${r.status}`);
    expect(ops.filter((op) => op.startsWith('UploadPartCopy'))).toEqual(Array(3).fill('UploadPartCopy 200'));
    expect(ops.filter((op) => !op.startsWith('UploadPartCopy'))).toEqual(['CreateMultipartUpload 200', 'CompleteMultipartUpload 200']);
    const [element] = parseElementArray(await response.text());
    expect((await served(element!.url)).equals(BIG)).toBe(true);
  });

  it('keeps the element mimetype and records the source ETag on the copy', async () => {
    const target = await t.s3.send(new HeadObjectCommand({ Bucket: 'distribution', Key: key('big') }));
    const workspace = await t.s3.send(new HeadObjectCommand({ Bucket: 'workspace', Key: 'big file+1.mp4' }));
    expect(target.ContentType).toBe('video/mp4');
    expect(target.Metadata).toEqual({ 'source-etag': workspace.ETag });
  });
});

describe('an S3 source below the threshold', () => {
  it('is copied with one CopyObject', async () => {
    const response = await distribute('small');
    expect(response.status).toBe(200);
    expect(writesTo('small').map((r) => `${r.operation} ${r.status}`)).toEqual(['CopyObject 200']);
    expect((await served(parseElementArray(await response.text())[0]!.url)).equals(SMALL)).toBe(true);
  });
});

describe('distributing again', () => {
  it('writes nothing when the content at the target is the source content', async () => {
    const before = s3.requests.length;
    expect((await distribute('["big","small"]')).status).toBe(200);
    const since = s3.requests.slice(before).filter((r) => r.bucket === 'distribution');
    expect(since.filter((r) => WRITES.has(r.operation))).toEqual([]);
    expect(since.some((r) => r.operation === 'HeadObject')).toBe(true);
  });

  it('copies again when the source changed, even to content of the same size', async () => {
    const changed = randomBytes(SMALL.length);
    await t.putWorkspaceObject('small.mp4', changed, 'video/mp4');
    const before = writesTo('small').length;
    const response = await distribute('small');
    expect(response.status).toBe(200);
    expect(writesTo('small').slice(before).map((r) => r.operation)).toEqual(['CopyObject']);
    expect((await served(parseElementArray(await response.text())[0]!.url)).equals(changed)).toBe(true);
  });
});

describe('an http source that breaks off after the first part', () => {
  it('has its multipart upload aborted (405 here, as in s3rver 3.7.1) and still answers 502 naming the source', async () => {
    const mp = mediapackageXml('mp-breaks', [{ id: 'breaks', url: `${source.origin}/breaks.mp4` }]);
    const response = await distribute('breaks', mp);
    expect(response.status).toBe(502);
    expect(await response.text()).toContain(`${source.origin}/breaks.mp4 broke off`);
    const ops = () => s3.on('distribution', `${ORG}/engage-player/mp-breaks/breaks/breaks.mp4`).map((r) => `${r.operation} ${r.status}`);
    await waitFor(() => ops().includes('AbortMultipartUpload 405'), { what: 'the abort request' });
    expect(ops()).toEqual(expect.arrayContaining(['CreateMultipartUpload 200', 'UploadPart 200']));
    expect(ops().some((op) => op.startsWith('CompleteMultipartUpload'))).toBe(false);
    expect(await t.listDistribution(`${ORG}/engage-player/mp-breaks/`)).toEqual([]);
  });
});
