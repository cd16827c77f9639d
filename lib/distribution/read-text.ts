import type { Readable } from 'node:stream';
import { BadRequestError } from '../errors.ts';

/** Reads a small text body, refusing (and dropping the connection) past `limit` bytes. */
export async function readText(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      body.destroy();
      throw new BadRequestError(`A playlist source is over ${limit} bytes; playlists that large are refused.`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
