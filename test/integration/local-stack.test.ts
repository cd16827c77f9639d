/**
 * The local stack's HTTP side with the real emulators: environment, the gateway on the real
 * route table (handlers replaced by an echo, since the functions are not under test here), the
 * 10 MiB limit and the CDN stand-in.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../infra/local/gateway.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let t: TestStack;
const events: APIGatewayProxyEventV2[] = [];
const echo = async (event: APIGatewayProxyEventV2) => {
  events.push(event);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
};

beforeAll(async () => {
  t = await startTestStack({ handlers: { notFound: echo, distributeSync: echo }, pollers: false });
});
afterAll(() => t?.stop());

describe('environment', () => {
  it('names the ports it actually got, and hands the same values to the functions', () => {
    const port = new URL(t.url).port;
    expect(t.env).toMatchObject({
      PORT: port,
      DISTRIBUTION_BASE_URL: `${t.url}/static`,
      S3_ENDPOINT: t.stack.s3Endpoint,
      SQS_ENDPOINT: t.stack.sqsEndpoint,
      JOBS_QUEUE_URL: t.stack.queueUrls.jobs,
      RETRACT_EVENTS_QUEUE_URL: t.stack.queueUrls.retractEvents,
      API_TOKEN: t.token,
    });
    for (const [name, value] of Object.entries(t.env)) expect(process.env[name], name).toBe(value);
  });

  it('gives every queue a URL on the emulator’s real port', () => {
    const sqsPort = new URL(t.stack.sqsEndpoint).port;
    for (const url of Object.values(t.stack.queueUrls)) expect(new URL(url).port).toBe(sqsPort);
    expect(t.stack.queueUrls.jobsDlq).toMatch(/\/distribution-jobs-dlq$/);
    expect(t.stack.queueUrls.retractEventsDlq).toMatch(/\/retract-events-dlq$/);
  });
});

describe('gateway', () => {
  it('sends an unknown path to the $default route with a 2.0 event', async () => {
    const res = await fetch(`${t.url}/no/such%20thing?a=1&a=2`, { headers: { cookie: 'c=1; d=2', 'x-dup': 'v' } });
    expect(res.status).toBe(200);
    const event = (await res.json()) as APIGatewayProxyEventV2;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/no/such thing',
      rawQueryString: 'a=1&a=2',
      queryStringParameters: { a: '1,2' },
      cookies: ['c=1', 'd=2'],
      requestContext: { stage: '$default', routeKey: '$default', http: { method: 'GET', path: '/no/such thing', sourceIp: '127.0.0.1' } },
    });
    expect(event.headers['x-dup']).toBe('v');
    expect(res.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
  });

  it('hands a form POST to its route’s handler, base64-encoded as API Gateway does', async () => {
    const res = await t.api('/distributesync', { method: 'POST', body: t.form({ channelId: 'engage-player', elementId: 'track-1' }) });
    const event = (await res.json()) as APIGatewayProxyEventV2;
    expect(event.routeKey).toBe('POST /distributesync');
    expect(event.headers.authorization).toBe(`Bearer ${t.token}`);
    expect(event.isBase64Encoded).toBe(true);
    const fields = new URLSearchParams(Buffer.from(event.body ?? '', 'base64').toString('utf8'));
    expect(Object.fromEntries(fields)).toEqual({ channelId: 'engage-player', elementId: 'track-1' });
  });

  it('refuses a body over 10 MiB with 413 before any handler runs', async () => {
    const before = events.length;
    const res = await t.api('/distributesync', { method: 'POST', body: new Uint8Array(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/larger than 10485760 bytes/);
    expect(events.length).toBe(before);
  });
});

describe('static (the CDN stand-in)', () => {
  const key = 'mh_default_org/engage-player/10.0000/1/track-1/media file ü.mp4';
  const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
  const url = () => `${t.url}/static/${key.split('/').map(encodeURIComponent).join('/')}`;

  beforeAll(async () => {
    await t.putDistributionObject(key, bytes, 'video/mp4');
  });

  it('serves the object with its stored type, size, validators and CORS', async () => {
    const res = await fetch(url());
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'video/mp4',
      'content-length': String(bytes.length),
      'accept-ranges': 'bytes',
      'access-control-allow-origin': '*',
      etag: expect.stringMatching(/^".+"$/),
      'last-modified': expect.stringMatching(/GMT$/),
    });
  });

  it.each([
    ['bytes=10-19', 10, 19],
    ['bytes=2990-', 2990, 2999],
    ['bytes=2995-5000', 2995, 2999],
    ['bytes=-7', 2993, 2999],
  ])('answers Range %s with 206 and exactly those bytes', async (range, start, end) => {
    const res = await fetch(url(), { headers: { range } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${bytes.length}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(true);
  });

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const res = await fetch(url(), { headers: { range: `bytes=${bytes.length}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await fetch(url(), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(await res.text()).toBe('');
    const partial = await fetch(url(), { method: 'HEAD', headers: { range: 'bytes=0-9' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-length')).toBe('10');
  });

  it('answers a missing key with a one-sentence 404', async () => {
    const res = await fetch(`${t.url}/static/mh_default_org/nothing/here.mp4`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await res.text()).trim()).toMatch(/^[^\n]+\.$/);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const etag = (await fetch(url(), { method: 'HEAD' })).headers.get('etag') ?? '';
    const res = await fetch(url(), { headers: { 'if-none-match': etag } });
    expect(res.status).toBe(304);
  });

  it('answers a CORS preflight for ranged reads', async () => {
    const res = await fetch(url(), { method: 'OPTIONS', headers: { origin: 'http://player.example', 'access-control-request-headers': 'range' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Range/);
  });

  it('serves an empty object, and refuses any range of it', async () => {
    await t.putDistributionObject('mh_default_org/c/m/e/empty.vtt', '', 'text/vtt');
    const res = await fetch(`${t.url}/static/mh_default_org/c/m/e/empty.vtt`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await fetch(`${t.url}/static/mh_default_org/c/m/e/empty.vtt`, { headers: { range: 'bytes=0-' } })).status).toBe(416);
  });

  it('needs no token', async () => {
    const res = await fetch(url(), { method: 'HEAD', headers: { authorization: 'Bearer wrong' } });
    expect(res.status).toBe(200);
  });
});
