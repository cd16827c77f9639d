/**
 * checkAvailability, as Opencast does it: a distributed file counts only once it is served at
 * its public URL. Asks for one byte, so the check costs the same for a 1 KB or a 10 GB file.
 */
import { ServiceUnavailableError } from '../errors.ts';

const REQUEST_TIMEOUT_MS = 5_000;

export async function isServed(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { headers: { range: 'bytes=0-0' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.status === 200 || response.status === 206;
  } catch {
    return false;
  }
}

export async function ensureServed(
  url: string,
  elementId: string,
  attempts: number,
  delayMs: number,
  probe: (url: string) => Promise<boolean> = isServed,
): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (await probe(url)) return;
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
  }
  throw new ServiceUnavailableError(
    `Element "${elementId}" was copied but is not served at ${url} after ${attempts} attempts; check DISTRIBUTION_BASE_URL and the CDN.`,
  );
}
