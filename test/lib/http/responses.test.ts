import { describe, expect, it } from 'vitest';
import { wantsJson } from '../../../lib/http/responses.ts';

describe('wantsJson', () => {
  it.each([
    [undefined, false],
    ['application/json', true],
    ['text/xml', false],
    ['*/*', false],
    ['application/json;q=0.5, text/xml', false],
    ['text/xml;q=0.2, application/json', true],
    ['text/html, application/json', true],
  ])('Accept %s -> %s', (accept, expected) => {
    expect(wantsJson({ headers: accept ? { accept } : {} })).toBe(expected);
  });
});
