/**
 * Reads http(s) sources safely: only allow-listed hosts, never link-local or cloud metadata
 * addresses (checked on the resolved address, so DNS can't smuggle them in), redirects only to
 * allowed hosts, and a body that ends short of its Content-Length is an error, not a file.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Transform, type Readable } from 'node:stream';
import { BadRequestError, SourceFailedError } from '../errors.ts';

const MAX_REDIRECTS = 3;
const CONNECT_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 30_000;

export interface HttpSourceInfo {
  size?: number;
  contentType?: string;
  etag?: string;
}

export interface OpenedHttpSource extends HttpSourceInfo {
  body: Readable;
}

/** Link-local (incl. the 169.254.169.254 metadata service), unspecified, multicast, and the EC2 IPv6 metadata address. */
export function isForbiddenAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a = 0, b = 0] = v4.split('.').map(Number);
    return a === 0 || (a === 169 && b === 254) || a >= 224;
  }
  const v6 = address.toLowerCase();
  return v6 === '::' || /^fe[89ab]/.test(v6) || v6.startsWith('ff') || v6 === 'fd00:ec2::254';
}

function safeLookup(hostname: string, options: object, callback: (...args: unknown[]) => void): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error);
    const allowed = addresses.filter((entry) => !isForbiddenAddress(entry.address));
    if (allowed.length === 0) {
      return callback(Object.assign(new Error(`${hostname} resolves only to forbidden addresses`), { code: 'EFORBIDDENADDR' }));
    }
    if ((options as { all?: boolean }).all) return callback(null, allowed);
    return callback(null, allowed[0]!.address, allowed[0]!.family);
  });
}

function assertAllowed(url: URL, allowedHosts: string[]): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequestError(`The source ${url.origin} redirected to a ${url.protocol} URL, which is not allowed.`);
  }
  if (!allowedHosts.includes(url.hostname.toLowerCase())) {
    throw new BadRequestError(`The source host "${url.hostname}" is not allowed; allowed hosts are listed in SOURCE_ALLOWED_HOSTS.`);
  }
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && isForbiddenAddress(literal)) {
    throw new BadRequestError(`The source address ${url.hostname} is link-local or a metadata address and is never fetched.`);
  }
}

function request(url: URL, method: 'GET' | 'HEAD'): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method, lookup: safeLookup as never, timeout: CONNECT_TIMEOUT_MS }, resolve);
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

function describe(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Follows allowed redirects; maps the final status to the contract's 400 / 502. */
async function fetchChecked(start: URL, method: 'GET' | 'HEAD', allowedHosts: string[]): Promise<IncomingMessage> {
  let url = start;
  for (let hop = 0; ; hop++) {
    assertAllowed(url, allowedHosts);
    let response: IncomingMessage;
    try {
      response = await request(url, method);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EFORBIDDENADDR') {
        throw new BadRequestError(`The source host "${url.hostname}" resolves only to link-local or metadata addresses.`);
      }
      if (code === 'ENOTFOUND') throw new BadRequestError(`The source host "${url.hostname}" does not resolve.`);
      throw new SourceFailedError(`The source server for ${describe(url)} could not be reached (${code ?? (error as Error).message}).`);
    }
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (hop >= MAX_REDIRECTS) throw new SourceFailedError(`The source ${describe(start)} redirected more than ${MAX_REDIRECTS} times.`);
      url = new URL(response.headers.location, url);
      continue;
    }
    if (status >= 200 && status < 300) return response;
    response.resume();
    if (status >= 500) throw new SourceFailedError(`The source server answered ${status} for ${describe(url)}.`);
    if (status === 404 || status === 410) throw new BadRequestError(`The source ${describe(url)} was not found (${status}).`);
    throw new BadRequestError(`The source ${describe(url)} can't be read: the server answered ${status}.`);
  }
}

function infoOf(response: IncomingMessage): HttpSourceInfo {
  const length = Number(response.headers['content-length']);
  return {
    size: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
    contentType: response.headers['content-type'],
    etag: typeof response.headers.etag === 'string' ? response.headers.etag : undefined,
  };
}

export async function headHttpSource(url: URL, allowedHosts: string[]): Promise<HttpSourceInfo> {
  const response = await fetchChecked(url, 'HEAD', allowedHosts);
  response.resume();
  return infoOf(response);
}

export async function openHttpSource(url: URL, allowedHosts: string[]): Promise<OpenedHttpSource> {
  const response = await fetchChecked(url, 'GET', allowedHosts);
  const info = infoOf(response);
  response.setTimeout(IDLE_TIMEOUT_MS, () =>
    response.destroy(new SourceFailedError(`The source ${describe(url)} stalled for ${IDLE_TIMEOUT_MS / 1000} s.`)),
  );
  const guard = lengthGuard(url, info.size);
  // pipe() alone would leave the reader waiting forever on a reset connection.
  const brokeOff = (reason: string) => {
    if (!guard.destroyed) guard.destroy(new SourceFailedError(`The source ${describe(url)} broke off: ${reason}.`));
  };
  response.on('error', (error) => brokeOff(error.message));
  response.on('close', () => {
    if (!response.complete) brokeOff('the connection closed before the body ended');
  });
  // And the other way round: a reader that gives up (storage failed) releases the connection.
  guard.on('close', () => {
    if (!response.complete) response.destroy();
  });
  response.pipe(guard);
  return { ...info, body: guard };
}

/** Fails the stream when the source stops early, so a truncated file is never completed. */
function lengthGuard(url: URL, expected: number | undefined): Transform {
  let seen = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      if (expected !== undefined && seen !== expected) {
        callback(new SourceFailedError(`The source ${describe(url)} broke off after ${seen} of ${expected} bytes.`));
      } else callback();
    },
  });
  return guard;
}
