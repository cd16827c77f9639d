import { expect } from 'vitest';
import { BadRequestError } from '../../../lib/errors.ts';
import type { MediaPackageElement } from '../../../lib/mediapackage/index.ts';

/** The message of the BadRequestError that `fn` throws; fails the test if it throws anything else or nothing. */
export function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as Error).message;
  }
  throw new Error('expected a BadRequestError');
}

/** The fields a caller reads, for deep comparison (the node is compared separately where it matters). */
export const fields = (el: MediaPackageElement) => ({
  kind: el.kind,
  id: el.id,
  url: el.url,
  flavor: el.flavor,
  mimetype: el.mimetype,
  tags: el.tags,
  checksum: el.checksum,
  size: el.size,
});
