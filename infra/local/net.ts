/** Listening and closing, with the one-line errors `npm start` prints instead of stack traces. */
import type { Server } from 'node:http';
import { createServer } from 'node:net';

/** A problem the user can fix (a busy port, a bad setting): start.ts prints the message alone. */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
}

export const HOST = '127.0.0.1';

/** Listens on `port` (0 = any free one) and resolves the port actually bound. */
export function listen(server: Server, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(new LocalStackError(`${what} port ${port} is already in use; stop what holds it or choose another port.`));
      } else if (error.code === 'EACCES') {
        reject(new LocalStackError(`${what} port ${port} needs privileges this process does not have; choose a port above 1023.`));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, HOST);
  });
}

/**
 * Stops accepting connections and resolves once open requests have finished; keep-alive
 * connections would otherwise hold `close()` open, and a stuck request is cut after `graceMs`.
 */
export function closeServer(server: Server, graceMs = 3_000): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** A port nothing listens on right now (used to point endpoints at a closed port, and by tests). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, HOST, resolve);
  });
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('could not find a free port');
  return address.port;
}
