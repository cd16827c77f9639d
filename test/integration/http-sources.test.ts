/**
 * Large and unreliable http(s) sources on the embedded stack: a source that breaks off fails the
 * element cleanly (502 naming the source, nothing at the public URL) whether it broke before or
 * after the first 8 MiB part went up, a job retries it, and unchanged content is not fetched again.
 *
 * Measured on s3rver 3.7.1: it has no AbortMultipartUpload (405), and after a part was uploaded
 * lib-storage rejects with that 405 instead of the source's error; the store answers the source's.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseElementArray } from '../../lib/mediapackage/index.ts';
import { startSourceServer, type SourceServer } from '../helpers/http-source.ts';
import { mediapackageXml } from '../helpers/mediapackage.ts';
import { jobEnded, jobOf } from '../helpers/jobs.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

const ORG = 'mh_default_org';
const MiB = 1024 * 1024;
let t: TestStack;
let source: SourceServer;

beforeAll(async () => {
  t = await startTestStack({ env: { QUEUE_VISIBILITY_TIMEOUT: '2' } });
  source = await startSourceServer({
    '/small-break.mp4': { breakAfter: 1 * MiB, total: 3 * MiB },
    '/large-break.mp4': { breakAfter: 10 * MiB, total: 16 * MiB },
  });
});

afterAll(async () => {
  await source?.close();
  await t?.stop();
});

const distribute = (mediapackage: string, elementId: string, channelId = 'engage-player') =>
  t.api('/distributesync', { method: 'POST', body: t.form({ mediapackage, channelId, elementId }) });
const fromSource = (id: string, path: string) => mediapackageXml(`mp-${id}`, [{ id, url: `${source.origin}${path}` }]);
const requestsTo = (path: string, method: string) => source.requests.filter((r) => r.path === path && r.method === method).length;

describe('a source that breaks off mid-body', () => {
  it.each([
    ['before the first 8 MiB part is full', 'small', '/small-break.mp4'],
    ['after the first 8 MiB part was uploaded', 'large', '/large-break.mp4'],
  ])('%s: 502 naming the source, and nothing is distributed', async (_, id, path) => {
    const response = await distribute(fromSource(id, path), id);
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(new RegExp(`^The source ${source.origin}${path} broke off`));
    expect(await t.listDistribution(`${ORG}/engage-player/mp-${id}/`)).toEqual([]);
    const publicUrl = `${t.url}/static/${ORG}/engage-player/mp-${id}/${id}${path}`;
    expect((await fetch(publicUrl)).status).toBe(404);
  });

  it('a job whose first attempt breaks off is retried by the queue and ends FINISHED with the right bytes', async () => {
    const movie = randomBytes(12 * MiB);
    source.routes.set('/retried.mp4', { body: movie, contentType: 'video/mp4', breakFirstGetAfter: 10 * MiB });
    const submitted = await t.api('/', { method: 'POST', body: t.form({ mediapackage: fromSource('retried', '/retried.mp4'), channelId: 'jobs', elementId: 'retried' }) });
    expect(submitted.status).toBe(200);
    const { id } = await jobOf(submitted);
    const job = await jobEnded(t, id);
    expect(job.status).toBe('FINISHED');
    expect(requestsTo('/retried.mp4', 'GET')).toBe(2);
    const [element] = parseElementArray(job.payload!);
    expect(Buffer.from(await (await fetch(element!.url)).arrayBuffer()).equals(movie)).toBe(true);
  });
});

describe('content already at the target', () => {
  it('is not fetched again when the source answers the same ETag and size: only a HEAD', async () => {
    source.routes.set('/same.mp4', { body: randomBytes(200_000), etag: '"v1"' });
    const mediapackage = fromSource('same', '/same.mp4');
    expect((await distribute(mediapackage, 'same')).status).toBe(200);
    expect(requestsTo('/same.mp4', 'GET')).toBe(1);
    const heads = requestsTo('/same.mp4', 'HEAD');
    expect((await distribute(mediapackage, 'same')).status).toBe(200);
    expect(requestsTo('/same.mp4', 'GET')).toBe(1);
    expect(requestsTo('/same.mp4', 'HEAD')).toBe(heads + 1);
  });

  it('is fetched again when the ETag changed, and the new bytes are served', async () => {
    const changed = randomBytes(200_000);
    source.routes.set('/same.mp4', { body: changed, etag: '"v2"' });
    const response = await distribute(fromSource('same', '/same.mp4'), 'same');
    expect(requestsTo('/same.mp4', 'GET')).toBe(2);
    const [element] = parseElementArray(await response.text());
    expect(Buffer.from(await (await fetch(element!.url)).arrayBuffer()).equals(changed)).toBe(true);
  });

  it('is fetched every time when the source sends no ETag: the size alone proves nothing', async () => {
    source.routes.set('/untagged.mp4', { body: randomBytes(1000) });
    const mediapackage = fromSource('untagged', '/untagged.mp4');
    for (let i = 0; i < 2; i++) expect((await distribute(mediapackage, 'untagged')).status).toBe(200);
    expect(requestsTo('/untagged.mp4', 'GET')).toBe(2);
  });
});
