/**
 * Private distribution on the local stack (DISTRIBUTION_MODE=private, no CloudFront key pair):
 * answered URLs are presigned GETs to the embedded S3 that expire. DISTRIBUTION_BASE_URL names
 * a server that refuses every request, as a private CloudFront distribution refuses unsigned
 * ones, so checkAvailability can only pass by probing the signed URLs.
 *
 * The embedded S3 (s3rver 3.7.1) checks a presigned URL's access key and expiry but not its
 * signature, and serves anonymous GETs too: what this proves is the URLs' shape, their lifetime
 * and that they download the bytes, not that S3 would refuse a forged one (the signature is the
 * SDK's presigner; test/lib/aws/url-signers.test.ts checks its parameters).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../lib/distribution/inventory.ts';
import { parseElementArray } from '../../lib/mediapackage/index.ts';
import { mediapackageXml } from '../helpers/mediapackage.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { waitFor } from '../helpers/wait.ts';

// Short enough to see a URL expire; long enough to use it right after it was answered.
const TTL_SECONDS = 8;
const BYTES = 'private bytes';
let t: TestStack;
let refusingCdn: http.Server;
const cdnRequests: string[] = [];

beforeAll(async () => {
  refusingCdn = http.createServer((req, res) => {
    cdnRequests.push(req.url ?? '');
    res.writeHead(403).end('Missing Key-Pair-Id query parameter or cookie value');
  });
  await new Promise<void>((resolve) => refusingCdn.listen(0, '127.0.0.1', resolve));
  const cdn = `http://127.0.0.1:${(refusingCdn.address() as AddressInfo).port}/cdn`;
  t = await startTestStack({
    env: { DISTRIBUTION_MODE: 'private', PRIVATE_URL_TTL_SECONDS: String(TTL_SECONDS), DISTRIBUTION_BASE_URL: cdn, AVAILABILITY_ATTEMPTS: '2', AVAILABILITY_DELAY_MS: '50' },
  });
  await t.putWorkspaceObject('secret.mp4', BYTES, 'video/mp4');
});
afterAll(async () => {
  await t?.stop();
  await new Promise((resolve) => refusingCdn?.close(resolve));
});

const mediapackage = mediapackageXml('10.0000/7', [{ id: 'track-1', url: 'secret.mp4' }]);
const key = 'mh_default_org/engage-player/10.0000/7/track-1/secret.mp4';

describe('private distribution', () => {
  let url: URL;

  it('answers a presigned URL to the bucket, checked available through that URL', async () => {
    const response = await t.api('/distributesync', { method: 'POST', body: t.form({ mediapackage, channelId: 'engage-player', elementId: 'track-1' }) });
    expect(response.status).toBe(200);
    url = new URL(parseElementArray(await response.text())[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${t.stack.s3Endpoint}/distribution/${key}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(TTL_SECONDS));
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(cdnRequests).toEqual([]);
  });

  it('serves the bytes at that URL', async () => {
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(BYTES);
  });

  it('lists presigned URLs in the inventory too', async () => {
    const inventory = (await (await t.api('/distributions/engage-player/10.0000/7')).json()) as Inventory;
    const listed = new URL(inventory.elements[0]!.files[0]!.url);
    expect(listed.searchParams.get('X-Amz-Expires')).toBe(String(TTL_SECONDS));
    expect(await (await fetch(listed)).text()).toBe(BYTES);
  });

  it('answers URLs that stop working after their lifetime', async () => {
    await waitFor(async () => (await fetch(url)).status === 403, { what: 'the URL to expire', timeoutMs: (TTL_SECONDS + 10) * 1000, intervalMs: 500 });
  });
});
