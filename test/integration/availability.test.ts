/**
 * checkAvailability: a copied file counts only once its public URL serves it. Here
 * DISTRIBUTION_BASE_URL names a port where nothing listens, as a CDN that is down or
 * misconfigured would. Also preserveReference, which changes nothing: `ref` is always kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/net.ts';
import { parseElementArray } from '../../lib/mediapackage/index.ts';
import { readSample } from '../fixtures.ts';
import { jobEnded, jobOf } from '../helpers/jobs.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

const ORG = 'mh_default_org';
const mediapackage = readSample('download-mediapackage.xml');
let t: TestStack;
let cdn: string;

beforeAll(async () => {
  cdn = `http://127.0.0.1:${await freePort()}/cdn`;
  t = await startTestStack({
    env: { DISTRIBUTION_BASE_URL: cdn, AVAILABILITY_ATTEMPTS: '2', AVAILABILITY_DELAY_MS: '10', QUEUE_VISIBILITY_TIMEOUT: '1' },
  });
  await t.putWorkspaceObject('media.mov', 'movie bytes', 'video/quicktime');
  await t.putWorkspaceObject('mpeg7.xml', '<mpeg7/>', 'text/xml');
});

afterAll(() => t?.stop());

const post = (path: '/' | '/distributesync', fields: Record<string, string>) =>
  t.api(path, { method: 'POST', body: t.form({ mediapackage, ...fields }) });

describe('checkAvailability (default true) when the public URL serves nothing', () => {
  const unserved = (channelId: string) => `${cdn}/${ORG}/${channelId}/10.0000/1/track-1/media.mov`;

  it('/distributesync answers 503 with Retry-After, naming the element and the URL; the copy stays for a retry', async () => {
    const response = await post('/distributesync', { channelId: 'checked', elementId: 'track-1' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.text()).toBe(
      `Element "track-1" was copied but is not served at ${unserved('checked')} after 2 attempts; check DISTRIBUTION_BASE_URL and the CDN.`,
    );
    expect(await t.listDistribution(`${ORG}/checked/`)).toEqual([`${ORG}/checked/10.0000/1/track-1/media.mov`]);
  });

  it('with checkAvailability=false, /distributesync answers 200 with the unserved URL', async () => {
    const response = await post('/distributesync', { channelId: 'unchecked', elementId: 'track-1', checkAvailability: 'false' });
    expect(response.status).toBe(200);
    expect(parseElementArray(await response.text())[0]!.url).toBe(unserved('unchecked'));
  });

  it('a job is retried by the queue and then FAILED with that reason', async () => {
    const submitted = await post('/', { channelId: 'checked-job', elementId: 'track-1' });
    const { id } = await jobOf(submitted);
    const job = await jobEnded(t, id);
    expect(job.status).toBe('FAILED');
    expect(job.failureReason).toBe(
      `Distributing element "track-1" failed: Element "track-1" was copied but is not served at ${unserved('checked-job')} after 2 attempts; check DISTRIBUTION_BASE_URL and the CDN. (gave up after 3 attempts)`,
    );
  });
});

describe('preserveReference', () => {
  it.each(['true', 'false'])('%s: the ref attribute is kept, as Opencast keeps it', async (preserveReference) => {
    const response = await post('/distributesync', { channelId: `ref-${preserveReference}`, elementId: 'catalog-2', checkAvailability: 'false', preserveReference });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toMatch(/<catalog [^>]*ref="track:track-1"/);
    expect(parseElementArray(body)[0]!.url).toBe(`${cdn}/${ORG}/ref-${preserveReference}/10.0000/1/catalog-2/mpeg7.xml`);
  });
});
