import { randomInt } from 'node:crypto';

/**
 * A job id: a positive decimal integer that fits Opencast's `long` and, below 2^53, a
 * JavaScript number too. Random rather than counted, so no central counter is needed; the
 * record is written only if the id is free (JobStore.create), so a collision just draws again.
 */
export function newJobId(): string {
  const high = randomInt(0, 2 ** 21); // 21 + 32 = 53 bits
  const low = randomInt(0, 2 ** 32);
  const id = high * 2 ** 32 + low;
  return String(id === 0 ? 1 : id);
}

export function isJobId(value: string): boolean {
  return /^[1-9]\d{0,15}$/.test(value) && Number(value) <= Number.MAX_SAFE_INTEGER;
}
