import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteDef } from '../../../lib/routes.ts';
import {
  buildEvent,
  compileRoutes,
  createGateway,
  isTextContentType,
  matchRoute,
  MAX_BODY_BYTES,
  toHttpReply,
  type LocalRequestHandler,
  type RequestFacts,
} from '../../../infra/local/gateway.ts';
import { createLogger } from '../../../infra/local/log.ts';
import { waitFor } from '../../helpers/wait.ts';

const real = compileRoutes(routes);

describe('matchRoute against the route table', () => {
  it.each([
    ['POST', '/', 'distribute', 'POST /', {}],
    ['POST', '/distributesync', 'distributeSync', 'POST /distributesync', {}],
    ['GET', '/jobs/42.xml', 'getJob', 'GET /jobs/{file}', { file: '42.xml' }],
    ['GET', '/jobs/a%20b.json', 'getJob', 'GET /jobs/{file}', { file: 'a b.json' }],
    [
      'GET',
      '/distributions/engage-player/10.0000/1',
      'getDistribution',
      'GET /distributions/{channelId}/{mediapackageId+}',
      { channelId: 'engage-player', mediapackageId: '10.0000/1' },
    ],
    ['GET', '/static/org/c/m%C3%BC/a%20b.mp4', 'static', 'GET /static/{key+}', { key: 'org/c/mü/a b.mp4' }],
    ['HEAD', '/static/x', 'static', 'GET /static/{key+}', { key: 'x' }],
    ['OPTIONS', '/static/x', 'static', 'GET /static/{key+}', { key: 'x' }],
  ])('%s %s → %s', (method, path, name, routeKey, params) => {
    const match = matchRoute(real, method, path);
    expect(match?.route.name).toBe(name);
    expect(match?.routeKey).toBe(routeKey);
    expect(match?.pathParameters).toEqual(params);
  });

  it.each([
    ['GET', '/distributesync'],
    ['HEAD', '/health'],
    ['GET', '/docs/'],
    ['GET', '/static/'],
    ['GET', '/jobs/'],
    ['GET', '/jobs/a/b'],
    ['DELETE', '/retract'],
    ['GET', '/nowhere'],
  ])('%s %s falls through to $default', (method, path) => {
    const match = matchRoute(real, method, path);
    expect(match?.route.name).toBe('notFound');
    expect(match?.routeKey).toBe('$default');
  });

  it('prefers literal segments over parameters, and parameters over greedy ones', () => {
    const table = compileRoutes([
      route({ name: 'greedy', method: 'GET', path: '/a/{rest+}' }),
      route({ name: 'param', method: 'GET', path: '/a/{x}' }),
      route({ name: 'literal', method: 'GET', path: '/a/b' }),
      route({ name: 'any', method: 'ANY', path: '/a/b' }),
    ]);
    expect(matchRoute(table, 'GET', '/a/b')?.route.name).toBe('literal');
    expect(matchRoute(table, 'POST', '/a/b')?.route.name).toBe('any');
    expect(matchRoute(table, 'GET', '/a/c')?.route.name).toBe('param');
    expect(matchRoute(table, 'GET', '/a/c/d')?.route.name).toBe('greedy');
    expect(matchRoute(table, 'GET', '/b')).toBeUndefined();
  });
});

describe('buildEvent', () => {
  const now = new Date(Date.UTC(2026, 2, 4, 5, 6, 7));
  const match = matchRoute(real, 'GET', '/distributions/ch/10.0000%2F1/x')!;
  const facts = (overrides: Partial<RequestFacts> = {}): RequestFacts => ({
    method: 'GET',
    url: '/distributions/ch/10.0000%2F1/x?a=1&b=x%20y&a=2&empty=',
    rawHeaders: ['Host', 'api.example:8080', 'X-Multi', 'one', 'x-multi', 'two', 'Cookie', 'a=1; b=2', 'User-Agent', 'ua/1'],
    sourceIp: '10.1.2.3',
    httpVersion: '1.1',
    serverPort: 8080,
    body: Buffer.alloc(0),
    ...overrides,
  });

  it('fills the 2.0 fields as API Gateway does', () => {
    const event = buildEvent(facts(), match, { requestId: 'req-1', now });
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /distributions/{channelId}/{mediapackageId+}',
      rawPath: '/distributions/ch/10.0000/1/x',
      rawQueryString: 'a=1&b=x%20y&a=2&empty=',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { a: '1,2', b: 'x y', empty: '' },
      pathParameters: { channelId: 'ch', mediapackageId: '10.0000/1/x' },
      isBase64Encoded: false,
      requestContext: {
        accountId: expect.stringMatching(/^\d{12}$/),
        apiId: expect.any(String),
        domainName: 'api.example:8080',
        domainPrefix: 'api',
        http: { method: 'GET', path: '/distributions/ch/10.0000/1/x', protocol: 'HTTP/1.1', sourceIp: '10.1.2.3', userAgent: 'ua/1' },
        requestId: 'req-1',
        routeKey: 'GET /distributions/{channelId}/{mediapackageId+}',
        stage: '$default',
        time: '04/Mar/2026:05:06:07 +0000',
        timeEpoch: now.getTime(),
      },
    });
    expect(event.headers).toMatchObject({ host: 'api.example:8080', 'x-multi': 'one,two', 'x-forwarded-for': '10.1.2.3', 'x-forwarded-proto': 'http' });
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.body).toBeUndefined();
  });

  it('leaves out what the request does not have', () => {
    const bare = matchRoute(real, 'GET', '/health')!;
    const event = buildEvent(facts({ url: '/health', rawHeaders: [] }), bare, { requestId: 'r', now });
    expect(event.rawQueryString).toBe('');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('cookies');
  });

  it.each([
    ['application/x-www-form-urlencoded', true],
    ['multipart/form-data; boundary=x', true],
    ['application/octet-stream', true],
    [undefined, true],
    ['application/json; charset=utf-8', false],
    ['text/xml', false],
    ['application/problem+json', false],
  ])('a %s body is base64-encoded: %s', (contentType, base64) => {
    const body = Buffer.from('mediapackage=%3Cmp%2F%3E&channelId=c');
    const headers = contentType ? ['Content-Type', contentType] : [];
    const event = buildEvent(facts({ method: 'POST', rawHeaders: headers, body }), match, { requestId: 'r', now });
    expect(event.isBase64Encoded).toBe(base64);
    expect(Buffer.from(event.body!, base64 ? 'base64' : 'utf8').equals(body)).toBe(true);
    expect(isTextContentType(contentType)).toBe(!base64);
  });
});

describe('toHttpReply', () => {
  it('takes a structured response as given', () => {
    const reply = toHttpReply({
      statusCode: 201,
      headers: { 'Content-Type': 'text/xml', 'X-Count': 3 },
      multiValueHeaders: { 'x-multi': ['a', 'b'] },
      cookies: ['s=1; Path=/'],
      body: Buffer.from('<ok/>').toString('base64'),
      isBase64Encoded: true,
    });
    expect(reply).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'text/xml', 'x-count': '3', 'x-multi': ['a', 'b'], 'set-cookie': ['s=1; Path=/'] },
      body: Buffer.from('<ok/>'),
    });
  });

  it('reads a string or an object without statusCode as a 200 JSON answer', () => {
    expect(toHttpReply('hello')).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('hello') });
    expect(toHttpReply({ a: 1 })?.body.toString()).toBe('{"a":1}');
  });

  it('labels an unlabeled body as JSON', () => {
    expect(toHttpReply({ statusCode: 200, body: '{}' })?.headers['content-type']).toBe('application/json');
    expect(toHttpReply({ statusCode: 204 })?.headers).toEqual({});
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a function', () => 1],
    ['a status out of range', { statusCode: 99 }],
    ['a status that is text', { statusCode: '200' }],
    ['a body that is not text', { statusCode: 200, body: { a: 1 } }],
    ['headers that are not flat', { statusCode: 200, headers: { a: { b: 1 } } }],
    ['cookies that are not text', { statusCode: 200, cookies: [1] }],
  ])('refuses %s', (_, result) => {
    expect(toHttpReply(result)).toBeUndefined();
  });
});

describe('the gateway server', () => {
  let server: Server;
  let base: string;
  const seen: APIGatewayProxyEventV2[] = [];
  const lines: string[] = [];
  const echo = async (event: APIGatewayProxyEventV2) => {
    seen.push(event);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
  };
  const local: LocalRequestHandler = async (_req, res, params) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(params));
  };
  const modules: Record<string, unknown> = {
    'echo.ts': echo,
    'boom.ts': async () => {
      throw new Error('boom');
    },
    'garbage.ts': async () => undefined,
    'plain.ts': async () => 'hello',
    'fallback.ts': async () => ({ statusCode: 404, body: 'fallback' }),
    'local.ts': local,
  };

  beforeAll(async () => {
    server = createGateway({
      routes: [
        route({ name: 'echo', method: 'POST', path: '/echo', handler: 'echo.ts' }),
        route({ name: 'boom', method: 'GET', path: '/boom', handler: 'boom.ts' }),
        route({ name: 'garbage', method: 'GET', path: '/garbage', handler: 'garbage.ts' }),
        route({ name: 'plain', method: 'GET', path: '/plain', handler: 'plain.ts' }),
        route({ name: 'files', method: 'GET', path: '/files/{key+}', handler: 'local.ts', localOnly: true }),
        route({ name: 'fallback', method: 'ANY', path: '$default', handler: 'fallback.ts' }),
      ],
      region: 'us-east-1',
      logger: createLogger((line) => lines.push(line)),
      load: async (path) => modules[path],
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('hands a form to the handler base64-encoded, with the request id echoed in a header', async () => {
    const res = await fetch(`${base}/echo?x=1`, { method: 'POST', body: new URLSearchParams({ elementId: '["a","b"]' }) });
    expect(res.status).toBe(200);
    const event = (await res.json()) as APIGatewayProxyEventV2;
    expect(event.isBase64Encoded).toBe(true);
    expect(new URLSearchParams(Buffer.from(event.body!, 'base64').toString()).get('elementId')).toBe('["a","b"]');
    expect(res.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
  });

  it('refuses a body over 10 MiB with 413 before the handler runs', async () => {
    const before = seen.length;
    const res = await fetch(`${base}/echo`, { method: 'POST', body: new Uint8Array(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/10 MiB/);

    const json = await fetch(`${base}/echo`, { method: 'POST', headers: { accept: 'application/json' }, body: new Uint8Array(MAX_BODY_BYTES + 1) });
    expect(json.status).toBe(413);
    expect(((await json.json()) as { message: string }).message).toMatch(/10 MiB/);
    expect(seen.length).toBe(before);
  });

  it('refuses an oversized body sent without Content-Length (chunked)', async () => {
    const before = seen.length;
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${base}/echo`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(seen.length).toBe(before);
  });

  it('accepts a body of exactly 10 MiB', async () => {
    const res = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(MAX_BODY_BYTES) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as APIGatewayProxyEventV2).body).toHaveLength(MAX_BODY_BYTES);
  });

  it.each(['/boom', '/garbage'])('answers %s with API Gateway’s 500', async (path) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('logs a thrown error with its route, never answering it', async () => {
    const res = await fetch(`${base}/boom`);
    expect(await res.text()).not.toContain('boom');
    expect(lines.some((line) => line.includes('"route":"boom"') && line.includes('boom'))).toBe(true);
  });

  it('answers a plain string as 200 JSON', async () => {
    const res = await fetch(`${base}/plain`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('hello');
  });

  it('sends unmatched requests, and HEAD to a Lambda route, to $default', async () => {
    expect(await (await fetch(`${base}/nowhere`)).text()).toBe('fallback');
    expect((await fetch(`${base}/echo`, { method: 'HEAD' })).status).toBe(404);
  });

  it('calls a localOnly route with the request, its key decoded per segment', async () => {
    const res = await fetch(`${base}/files/a%20b/c%2Fd/%C3%BC`);
    expect(await res.json()).toEqual({ key: 'a b/c/d/ü' });
  });

  it('logs one line per request: method, path, status, duration, and no query or credentials', async () => {
    await fetch(`${base}/plain?secret=1`, { headers: { authorization: 'Bearer s3cret' } });
    const line = await waitFor(() => lines.find((l) => l.startsWith('GET /plain ')), { what: 'the request log line' });
    expect(line).toMatch(/^GET \/plain 200 \d+ms$/);
    expect(lines.join('\n')).not.toContain('s3cret');
  });
});

function route(partial: Pick<RouteDef, 'name' | 'method' | 'path'> & Partial<RouteDef>): RouteDef {
  return {
    handler: `${partial.name}.ts`,
    auth: false,
    summary: partial.name,
    description: partial.name,
    params: [],
    produces: [],
    responses: [],
    ...partial,
  };
}
