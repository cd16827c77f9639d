import { describe, expect, it } from 'vitest';
import { isJobId, newJobId } from '../../../lib/jobs/ids.ts';

describe('job ids', () => {
  it('are positive decimal integers that fit a signed 64-bit long and a JavaScript number', () => {
    for (let i = 0; i < 1_000; i++) {
      const id = newJobId();
      expect(id).toMatch(/^[1-9]\d*$/);
      expect(BigInt(id) <= 2n ** 63n - 1n).toBe(true);
      expect(Number.isSafeInteger(Number(id))).toBe(true);
    }
  });

  it('do not repeat across many draws', () => {
    const ids = new Set(Array.from({ length: 10_000 }, newJobId));
    expect(ids.size).toBe(10_000);
  });

  it('are recognised, and nothing else is', () => {
    expect(isJobId('123')).toBe(true);
    expect(isJobId('0')).toBe(false);
    expect(isJobId('01')).toBe(false);
    expect(isJobId('9007199254740992')).toBe(false);
    expect(isJobId('12a')).toBe(false);
    expect(isJobId('../x')).toBe(false);
  });
});
