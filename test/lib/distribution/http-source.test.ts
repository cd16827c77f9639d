/** openHttpSource's stream: a reader that gives up must release the source's connection at once. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, it } from 'vitest';
import { openHttpSource } from '../../../lib/distribution/http-source.ts';
import { waitFor } from '../../helpers/wait.ts';

let server: http.Server;
let origin: string;
let connectionClosed = false;

beforeAll(async () => {
  // Sends part of a long body, then nothing: only the client can end this connection.
  server = http.createServer((req, res) => {
    req.socket.on('close', () => (connectionClosed = true));
    res.writeHead(200, { 'content-length': String(100 * 1024 * 1024) });
    res.write(Buffer.alloc(64 * 1024));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

it('closes the source connection when the body is destroyed (storage failed), not at the idle timeout', async () => {
  const opened = await openHttpSource(new URL(`${origin}/big.mp4`), ['127.0.0.1']);
  opened.body.destroy();
  // The idle timeout is 30 s; this guard is far below it, so only an immediate close passes.
  await waitFor(() => connectionClosed, { what: 'the source connection to close', timeoutMs: 10_000 });
});
