import { describe, expect, it } from 'vitest';
import { resolveRange } from '../../../infra/local/range.ts';

describe('resolveRange', () => {
  it.each([
    ['bytes=2-4', 10, { kind: 'partial', start: 2, end: 4 }],
    ['bytes=7-', 10, { kind: 'partial', start: 7, end: 9 }],
    ['bytes=8-20', 10, { kind: 'partial', start: 8, end: 9 }],
    ['bytes=-3', 10, { kind: 'partial', start: 7, end: 9 }],
    ['bytes=-30', 10, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=0-0', 1, { kind: 'partial', start: 0, end: 0 }],
    ['Bytes= 1-2 ', 10, { kind: 'partial', start: 1, end: 2 }],
  ])('%s of %i bytes is a partial answer', (header, size, expected) => {
    expect(resolveRange(header, size)).toEqual(expected);
  });

  it.each([
    ['bytes=10-12', 10],
    ['bytes=10-', 10],
    ['bytes=-0', 10],
    ['bytes=0-', 0],
    ['bytes=-5', 0],
  ])('%s of %i bytes is unsatisfiable', (header, size) => {
    expect(resolveRange(header, size)).toEqual({ kind: 'unsatisfiable' });
  });

  it.each([undefined, '', 'bytes=', 'bytes=-', 'bytes=5-2', 'bytes=0-1,4-5', 'items=0-1', 'bytes=a-b'])(
    'ignores %s and answers the whole object',
    (header) => {
      expect(resolveRange(header, 10)).toEqual({ kind: 'full' });
    },
  );
});
