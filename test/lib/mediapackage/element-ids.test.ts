import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../../lib/errors.ts';
import { parseElementIds } from '../../../lib/mediapackage/index.ts';

function badRequest(raw: unknown): string {
  try {
    parseElementIds(raw as string);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe('parseElementIds', () => {
  it.each([
    ['a single id', 'track-1', ['track-1']],
    ['a single id with spaces around', '  track-1 \n', ['track-1']],
    ['a JSON array', '["a","b"]', ['a', 'b']],
    ["Opencast's own client (Gson toJson, HTML-safe escapes)", '["track\\u003d1","cat\\u0026log"]', ['track=1', 'cat&log']],
    ['the form in Opencast\'s REST docs', "['IdOne','IdTwo']", ['IdOne', 'IdTwo']],
    ['single quotes with spaces', "[ 'a' , 'b' ]", ['a', 'b']],
    ['unquoted ids', '[a, b-2, 5f0e-uuid]', ['a', 'b-2', '5f0e-uuid']],
    ['semicolons between items', '[a; "b"]', ['a', 'b']],
    ['ids padded inside quotes', '[" a ", "b "]', ['a', 'b']],
    ['escapes in single quotes', "['it\\'s', 'x\\\\y']", ["it's", 'x\\y']],
    ['duplicates, in first-seen order', '["b","a","b"," a"]', ['b', 'a']],
    ['an empty array', '[]', []],
    ['an empty array with spaces', ' [ \n ] ', []],
  ])('reads %s', (_, raw, expected) => {
    expect(parseElementIds(raw)).toEqual(expected);
  });

  it.each(['', '   ', '\n\t', undefined, null])('requires a value: %j', (raw) => {
    expect(badRequest(raw)).toBe('The form parameter "elementId" is required.');
  });

  it.each([
    ['["a"', 'The elementId is not a well-formed array: it has no closing "]".'],
    ['[', 'The elementId is not a well-formed array: it has no closing "]".'],
    ['["a" "b"]', 'The elementId is not a well-formed array: unexpected "\\"" at position 6.'],
    ['[a b]', 'The elementId is not a well-formed array: unexpected "b" at position 4.'],
    ['["a"] x', 'The elementId is not a well-formed array: unexpected text after "]" at position 7.'],
    ['["a]', 'The elementId is not a well-formed array: the string at position 2 is not closed.'],
    ['["a\\qb"]', 'The elementId is not a well-formed array: invalid escape "\\q" at position 4.'],
    ['["a\\u12"]', 'The elementId is not a well-formed array: invalid escape "\\u12" at position 4.'],
  ])('rejects the malformed array %s', (raw, message) => {
    expect(badRequest(raw)).toBe(message);
  });

  it.each([
    ['[1]', 'The elementId item 1 must be a string, not 1.'],
    ['["a", 2.5e3]', 'The elementId item 2 must be a string, not 2.5e3.'],
    ['[null]', 'The elementId item 1 must be a string, not null.'],
    ['["a", true]', 'The elementId item 2 must be a string, not true.'],
    ['[["a"]]', 'The elementId item 1 must be a string, not an array.'],
    ['[{"id":"a"}]', 'The elementId item 1 must be a string, not an object.'],
  ])('rejects a non-string item in %s', (raw, message) => {
    expect(badRequest(raw)).toBe(message);
  });

  it.each([
    ['[""]', 1],
    ['["a", "  "]', 2],
    ['[a,,b]', 2],
    ['[a,]', 2],
    ["['']", 1],
  ])('rejects an empty id in %s', (raw, n) => {
    expect(badRequest(raw)).toBe(`The elementId item ${n} is an empty id.`);
  });

  it('reads large arrays in linear time', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `element-${i}`);
    const started = performance.now();
    expect(parseElementIds(JSON.stringify(ids))).toEqual(ids);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
