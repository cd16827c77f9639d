/**
 * A local API Gateway HTTP API: routes requests by lib/routes.ts and calls the same handlers as
 * AWS, with payload format 2.0 events and API Gateway's own answers (413 over 10 MiB, 500 for a
 * handler that throws or returns garbage). `localOnly` routes (the CDN stand-in) are plain Node
 * request handlers instead of Lambdas.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { RouteDef } from '../../lib/routes.ts';
import { createLambdaContext, invokeWithTimeout, LOCAL_ACCOUNT_ID, loadExport } from './lambda.ts';
import { errorMessage, type Logger } from './log.ts';

/** API Gateway's payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** The HTTP API integration timeout caps every route. */
const MAX_INTEGRATION_SECONDS = 30;
const API_ID = 'local';

export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => unknown;
/** What a `localOnly` route's module exports as `requestHandler`. */
export type LocalRequestHandler = (req: IncomingMessage, res: ServerResponse, pathParameters: Record<string, string>) => Promise<void>;

// ---------------------------------------------------------------------------------------------
// Route matching

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

interface CompiledRoute {
  route: RouteDef;
  /** Undefined for `$default`. */
  segments?: Segment[];
}

export interface RouteMatch {
  route: RouteDef;
  /** `GET /jobs/{file}`, or `$default`. */
  routeKey: string;
  pathParameters: Record<string, string>;
}

export function compileRoutes(routes: RouteDef[]): CompiledRoute[] {
  return routes.map((route) => {
    if (route.path === '$default') return { route };
    const segments = splitPath(route.path).map((part): Segment => {
      const param = /^\{([^{}+]+)(\+?)\}$/.exec(part);
      if (!param) return { kind: 'literal', value: part };
      return { kind: param[2] ? 'greedy' : 'param', name: param[1] as string };
    });
    return { route, segments };
  });
}

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

function methodMatches(route: RouteDef, method: string): boolean {
  if (route.method === 'ANY' || route.method === method) return true;
  // API Gateway has no implicit HEAD; only the CDN stand-in answers HEAD and CORS preflights.
  return Boolean(route.localOnly) && route.method === 'GET' && (method === 'HEAD' || method === 'OPTIONS');
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index);
      if (rest.join('/') === '') return undefined;
      params[segment.name] = rest.map(decodeSegment).join('/');
      return params;
    }
    const part = parts[index];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (part !== segment.value) return undefined;
    } else {
      if (part === '') return undefined;
      params[segment.name] = decodeSegment(part);
    }
  }
  return parts.length === segments.length ? params : undefined;
}

/**
 * API Gateway picks the most specific route: paths without a greedy parameter first, then the
 * most literal segments, then a named method over ANY; `$default` only when nothing matches.
 */
export function matchRoute(compiled: CompiledRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const parts = splitPath(rawPath);
  let best: { match: RouteMatch; rank: number[] } | undefined;
  let fallback: RouteMatch | undefined;
  for (const { route, segments } of compiled) {
    if (!methodMatches(route, method)) continue;
    if (!segments) {
      fallback ??= { route, routeKey: '$default', pathParameters: {} };
      continue;
    }
    const params = matchSegments(segments, parts);
    if (!params) continue;
    const rank = [
      segments.some((s) => s.kind === 'greedy') ? 0 : 1,
      segments.filter((s) => s.kind === 'literal').length,
      route.method === 'ANY' ? 0 : 1,
    ];
    if (!best || compareRanks(rank, best.rank) > 0) {
      best = { match: { route, routeKey: `${route.method} ${route.path}`, pathParameters: params }, rank };
    }
  }
  return best?.match ?? fallback;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// ---------------------------------------------------------------------------------------------
// The 2.0 event

export interface RequestFacts {
  method: string;
  /** The request target as sent: path and query. */
  url: string;
  /** Node's alternating name/value list, which keeps repeated headers apart. */
  rawHeaders: string[];
  sourceIp: string;
  httpVersion: string;
  serverPort: number;
  body: Buffer;
}

/** API Gateway passes these as text; every other body (forms included) arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return false;
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml')
  );
}

export function buildEvent(
  facts: RequestFacts,
  match: RouteMatch,
  ids: { requestId: string; now: Date },
): APIGatewayProxyEventV2 {
  const queryAt = facts.url.indexOf('?');
  const encodedPath = queryAt === -1 ? facts.url : facts.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : facts.url.slice(queryAt + 1);
  // HTTP APIs hand the path over percent-decoded, unlike REST APIs and function URLs.
  const path = splitPath(encodedPath).map(decodeSegment).join('/');
  const rawPath = `/${path}`;

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < facts.rawHeaders.length; i += 2) {
    const name = (facts.rawHeaders[i] as string).toLowerCase();
    const value = facts.rawHeaders[i + 1] as string;
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((c) => c.trim()).filter(Boolean));
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${facts.sourceIp}` : facts.sourceIp;
  headers['x-forwarded-port'] = String(facts.serverPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= traceId(ids.now);

  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    query[key] = key in query ? `${query[key]},${value}` : value;
  }

  const domainName = headers.host ?? `127.0.0.1:${facts.serverPort}`;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: API_ID,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: facts.method,
        path: rawPath,
        protocol: `HTTP/${facts.httpVersion}`,
        sourceIp: facts.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: ids.requestId,
      routeKey: match.routeKey,
      stage: '$default',
      time: clfTime(ids.now),
      timeEpoch: ids.now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (facts.body.length > 0) {
    const text = isTextContentType(headers['content-type']);
    event.body = text ? facts.body.toString('utf8') : facts.body.toString('base64');
    event.isBase64Encoded = !text;
  }
  return event;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time`: `03/Dec/2026:16:43:17 +0000`. */
function clfTime(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:` +
    `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`
  );
}

function traceId(now: Date): string {
  return `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

export function newRequestId(): string {
  // Shaped like API Gateway's, e.g. `JKJaXmPLvHcESHA=`.
  return randomBytes(10).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// The handler's result

export interface HttpReply {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isHeaderValue = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);

/**
 * Reads a handler's return value as API Gateway does for payload 2.0: a structured response
 * when it has `statusCode`, otherwise any JSON value (a string as is) becomes a 200 JSON body.
 * Undefined means the result is unusable: API Gateway answers 500.
 */
export function toHttpReply(result: unknown): HttpReply | undefined {
  if (result === undefined || result === null || typeof result === 'function' || typeof result === 'symbol' || typeof result === 'bigint') {
    return undefined;
  }
  if (!isRecord(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
  }
  const { statusCode, headers = {}, multiValueHeaders = {}, cookies = [], body, isBase64Encoded = false } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  if (!isRecord(headers) || !Object.values(headers).every(isHeaderValue)) return undefined;
  if (!isRecord(multiValueHeaders) || !Object.values(multiValueHeaders).every((v) => Array.isArray(v) && v.every(isHeaderValue))) return undefined;
  if (!Array.isArray(cookies) || !cookies.every((c) => typeof c === 'string')) return undefined;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  if (typeof isBase64Encoded !== 'boolean') return undefined;

  const out: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(multiValueHeaders)) out[name.toLowerCase()] = (values as unknown[]).map(String);
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const existing = out[key];
    out[key] = existing === undefined ? String(value) : [...[existing].flat(), String(value)];
  }
  if (cookies.length > 0) out['set-cookie'] = [...[out['set-cookie'] ?? []].flat(), ...(cookies as string[])];
  const bytes = typeof body === 'string' ? Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  // HTTP APIs label an unlabeled body as JSON.
  if (bytes.length > 0 && out['content-type'] === undefined) out['content-type'] = 'application/json';
  return { statusCode, headers: out, body: bytes };
}

// ---------------------------------------------------------------------------------------------
// The server

export interface GatewayOptions {
  routes: RouteDef[];
  region: string;
  logger: Logger;
  /** No request log lines. */
  quiet?: boolean;
  /** Handlers to call instead of a route's module, by route name (a test seam). */
  overrides?: Record<string, LambdaHttpHandler>;
  /** Loads a module's export; the default imports it from the repository root. */
  load?: (relativePath: string, exportName: string) => Promise<unknown>;
  /** Requests wait for this, so none reaches a handler before the environment is complete. */
  ready?: Promise<void>;
}

export function createGateway(options: GatewayOptions): Server {
  const compiled = compileRoutes(options.routes);
  const load = options.load ?? loadExport;
  const server = createServer((req, res) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    if (!options.quiet) {
      // Path only: query strings and bodies may carry what a log should not.
      const path = (req.url ?? '/').split('?')[0];
      res.once('close', () => {
        const ms = Math.round(performance.now() - started);
        options.logger.line(`${method} ${path} ${res.statusCode}${res.writableFinished ? '' : ' (aborted)'} ${ms}ms`);
      });
    }
    handle(req, res).catch((error: unknown) => {
      options.logger.event('error', 'gateway failed', { method, error: errorMessage(error) });
      if (!res.headersSent) sendMessage(req, res, 500, 'Internal Server Error', true);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await options.ready;
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const match = matchRoute(compiled, method, url.split('?')[0] as string);
    if (!match) return sendMessage(req, res, 404, 'Not Found', true);
    const { route } = match;

    if (route.localOnly) {
      const local = (await load(route.handler, 'requestHandler')) as LocalRequestHandler;
      return local(req, res, match.pathParameters);
    }

    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) {
      return sendMessage(req, res, 413, `The request body is larger than ${MAX_BODY_BYTES} bytes (10 MiB), the most API Gateway accepts.`);
    }
    const requestId = newRequestId();
    res.setHeader('apigw-requestid', requestId);
    const address = req.socket.address();
    const event = buildEvent(
      {
        method,
        url,
        rawHeaders: req.rawHeaders,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        httpVersion: req.httpVersion,
        serverPort: 'port' in address ? address.port : 0,
        body,
      },
      match,
      { requestId, now: new Date() },
    );
    const timeoutSeconds = Math.min(route.timeout ?? MAX_INTEGRATION_SECONDS, MAX_INTEGRATION_SECONDS);
    const context = createLambdaContext({ functionName: route.name, timeoutSeconds, memorySize: route.memorySize, region: options.region });

    let result: unknown;
    try {
      const handler = options.overrides?.[route.name] ?? ((await load(route.handler, 'handler')) as LambdaHttpHandler);
      if (typeof handler !== 'function') throw new Error(`${route.handler} exports no handler function`);
      result = await invokeWithTimeout(() => handler(event, context), timeoutSeconds);
    } catch (error) {
      options.logger.event('error', 'handler failed', { route: route.name, requestId, error: errorStack(error) });
      return sendMessage(req, res, 500, 'Internal Server Error', true);
    }
    const reply = toHttpReply(result);
    if (!reply) {
      options.logger.event('error', 'handler returned an invalid response', { route: route.name, requestId });
      return sendMessage(req, res, 500, 'Internal Server Error', true);
    }
    // A length, not chunked encoding, as API Gateway sends it (204 and 304 carry none).
    const bodiless = reply.statusCode === 204 || reply.statusCode === 304;
    res.writeHead(reply.statusCode, bodiless ? reply.headers : { ...reply.headers, 'content-length': String(reply.body.length) });
    res.end(bodiless ? undefined : reply.body);
  }

  return server;
}

/**
 * Reads the body, or answers undefined as soon as it is over `limit` (declared or sent). The
 * rest is read and dropped, so the client gets the 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}

/**
 * API Gateway's own answers (413, 500) and the gateway's 404: `{"message": …}` as API Gateway
 * sends them, or plain text for a client that does not ask for JSON.
 */
function sendMessage(req: IncomingMessage, res: ServerResponse, status: number, message: string, alwaysJson = false): void {
  const json = alwaysJson || (req.headers.accept ?? '').includes('application/json');
  const body = json ? JSON.stringify({ message }) : `${message}\n`;
  res.writeHead(status, { 'content-type': json ? 'application/json' : 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function errorStack(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
