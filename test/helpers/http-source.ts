/**
 * A source server for http(s) distribution tests. Each path has a behaviour: serve a body,
 * fail, fail only GETs (so submission's HEAD passes and the worker's copy fails), hang, or
 * break off mid-body (always, or on the first GET only); bodies may carry an ETag. Requests are
 * recorded so tests can see what was fetched.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route =
  | {
      body: Buffer | string;
      contentType?: string;
      failFirstGets?: number;
      /** The first GET sends the full Content-Length but breaks off after this many bytes. */
      breakFirstGetAfter?: number;
      /** Sent as ETag on HEAD and GET, so the service can tell unchanged content. */
      etag?: string;
    }
  | { status: number }
  | { getStatus: number }
  | { hangGet: true }
  | { breakAfter: number; total: number };

export interface SourceServer {
  origin: string;
  routes: Map<string, Route>;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

/** Sends part of a body, then drops the connection: the client sees fewer bytes than Content-Length. */
function breakOff(res: ServerResponse, part: Buffer): void {
  res.write(part, () => setTimeout(() => res.socket?.destroy(), 20));
}

export async function startSourceServer(routes: Record<string, Route> = {}): Promise<SourceServer> {
  const table = new Map(Object.entries(routes));
  const requests: SourceServer['requests'] = [];
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const method = req.method ?? 'GET';
    requests.push({ method, path });
    const gets = requests.filter((r) => r.path === path && r.method === 'GET').length;
    const route = table.get(path);
    const headOk = () => res.writeHead(200, { 'content-length': '1', 'content-type': 'video/mp4' }).end();
    if (!route) return void res.writeHead(404).end('not found');
    if ('status' in route) return void res.writeHead(route.status).end('failure');
    if ('getStatus' in route) return method === 'HEAD' ? headOk() : void res.writeHead(route.getStatus).end('failure');
    if ('hangGet' in route) return method === 'HEAD' ? headOk() : undefined;
    if ('breakAfter' in route) {
      res.writeHead(200, { 'content-length': String(route.total), 'content-type': 'video/mp4' });
      if (method === 'HEAD') return void res.end();
      return breakOff(res, Buffer.alloc(route.breakAfter, 7));
    }
    if (method === 'GET' && gets <= (route.failFirstGets ?? 0)) return void res.writeHead(503).end('try again');
    const body = Buffer.from(route.body);
    res.writeHead(200, {
      'content-length': String(body.length),
      'content-type': route.contentType ?? 'application/octet-stream',
      ...(route.etag ? { etag: route.etag } : {}),
    });
    if (method === 'GET' && gets === 1 && route.breakFirstGetAfter !== undefined) return breakOff(res, body.subarray(0, route.breakFirstGetAfter));
    res.end(method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    routes: table,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Hung and kept-alive connections would hold close() open.
        server.closeAllConnections();
      }),
  };
}
