import { describe, expect, it } from 'vitest';
import { badRequest } from './helpers.ts';
import { parseElementArray, parseMediaPackage } from '../../../lib/mediapackage/index.ts';


const nested = (depth: number) =>
  '<mediapackage id="x">' + '<a>'.repeat(depth - 1) + '</a>'.repeat(depth - 1) + '</mediapackage>';

describe('hostile XML', () => {
  it('rejects entity declarations: billion laughs', () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<mediapackage id="&lol9;"/>`;
    expect(badRequest(() => parseMediaPackage(lol))).toBe('The mediapackage must not contain a DOCTYPE or entity declarations.');
  });

  it.each([
    ['an external entity', '<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><mediapackage id="&xxe;"/>'],
    ['an external DTD', '<!DOCTYPE mediapackage SYSTEM "http://evil.example/x.dtd"><mediapackage id="x"/>'],
    ['a lower-case doctype', '<!doctype mediapackage><mediapackage id="x"/>'],
    ['a stray ENTITY', '<mediapackage id="x"><!ENTITY a "b"></mediapackage>'],
  ])('rejects %s', (_, xml) => {
    expect(badRequest(() => parseMediaPackage(xml))).toBe('The mediapackage must not contain a DOCTYPE or entity declarations.');
  });

  it('rejects references to undeclared entities instead of passing them through', () => {
    expect(badRequest(() => parseMediaPackage('<mediapackage id="a&nbsp;b"/>'))).toBe('The mediapackage references the undeclared entity &nbsp;.');
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x"><media><track id="t"><url>&xxe;</url></track></media></mediapackage>'))).toBe(
      'The mediapackage references the undeclared entity &xxe;.',
    );
  });

  it('rejects characters XML does not allow, raw or as references', () => {
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x">\n  <title>a\u0001b</title></mediapackage>'))).toBe(
      'The mediapackage contains the character U+0001, which XML does not allow (line 2, column 11).',
    );
    expect(badRequest(() => parseMediaPackage('<mediapackage id="&#0;"/>'))).toBe(
      'The mediapackage contains the character reference &#0;, which XML does not allow.',
    );
    expect(badRequest(() => parseMediaPackage('<mediapackage id="&#xD800;"/>'))).toContain('&#xD800;');
    expect(badRequest(() => parseMediaPackage('<mediapackage id="&#x110000;"/>'))).toContain('&#x110000;');
  });

  it('accepts nesting 64 levels deep and rejects 65', () => {
    expect(parseMediaPackage(nested(64)).id).toBe('x');
    expect(badRequest(() => parseMediaPackage(nested(65)))).toBe('The mediapackage is nested deeper than 64 levels.');
  });

  it('rejects a deeply nested bomb quickly', () => {
    const depth = 1_000_000;
    const started = performance.now();
    expect(badRequest(() => parseMediaPackage('<a>'.repeat(depth) + '</a>'.repeat(depth)))).toBe('The mediapackage is nested deeper than 64 levels.');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('rejects input over 10 MiB, counting UTF-8 bytes', () => {
    const padding = (n: number) => `<mediapackage id="x"><title>${'a'.repeat(n)}</title></mediapackage>`;
    const overhead = padding(0).length;
    expect(parseMediaPackage(padding(10 * 1024 * 1024 - overhead)).id).toBe('x');
    expect(badRequest(() => parseMediaPackage(padding(10 * 1024 * 1024 - overhead + 1)))).toBe('The mediapackage is larger than 10 MiB.');
    // 3.6 million characters, but 10.8 MB in UTF-8
    expect(badRequest(() => parseMediaPackage(`<mediapackage id="x"><title>${'€'.repeat(3_600_000)}</title></mediapackage>`))).toBe(
      'The mediapackage is larger than 10 MiB.',
    );
  });

  it('reports malformed XML with the validator message and position', () => {
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x">\n<media>\n</mediapackage>'))).toBe(
      "The mediapackage is not well-formed XML: Expected closing tag 'media' (opened in line 2, col 1) instead of closing tag 'mediapackage'. (line 3, column 1).",
    );
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x">a & b</mediapackage>'))).toMatch(
      /^The mediapackage is not well-formed XML: .*'&'.* \(line 1, column \d+\)\.$/,
    );
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x" id="y"/>'))).toMatch(/^The mediapackage is not well-formed XML: Attribute 'id' is repeated/);
    expect(badRequest(() => parseMediaPackage('not xml'))).toMatch(/^The mediapackage is not well-formed XML: .* \(line 1, column 1\)\.$/);
  });

  it('names unclosed tags in words', () => {
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x"><media>'))).toBe(
      'The mediapackage is not well-formed XML: <mediapackage>, <media> are never closed. (line 1, column 1).',
    );
  });

  it('keeps validator messages short when they quote huge tokens', () => {
    const message = badRequest(() => parseMediaPackage(`<mediapackage ${'b'.repeat(100_000)}/>`));
    expect(message.length).toBeLessThan(300);
  });

  it('rejects more than one root element and text outside the root', () => {
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x"/><mediapackage id="y"/>'))).toBe('The mediapackage has more than one root element.');
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x"/>trailing'))).toBe('The mediapackage has text outside its root element.');
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x"></mediapackage>trailing'))).toMatch(/^The mediapackage is not well-formed XML: Extra text/);
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x"/> <!-- c --> x'))).toBe('The mediapackage has text outside its root element.');
  });

  it('rejects names that could pollute prototypes without crashing', () => {
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x"><__proto__ polluted="1"/></mediapackage>'))).toMatch(/^The mediapackage could not be parsed: /);
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x" constructor="1"/>'))).toMatch(/^The mediapackage could not be parsed: /);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\t '],
  ])('rejects %s input', (_, xml) => {
    expect(badRequest(() => parseMediaPackage(xml))).toBe('The mediapackage is empty.');
  });

  it.each([null, undefined, 42, Buffer.from('<mediapackage id="x"/>'), {}])('rejects a non-string: %s', (value) => {
    expect(badRequest(() => parseMediaPackage(value as unknown as string))).toBe('The mediapackage must be a string.');
  });

  it('applies the same rules to element arrays', () => {
    expect(badRequest(() => parseElementArray('<!DOCTYPE x [<!ENTITY a "b">]><track id="&a;"/>'))).toBe(
      'The element 1 of the element array must not contain a DOCTYPE or entity declarations.',
    );
    expect(badRequest(() => parseElementArray('<track id="a"/>###<track id="b">'))).toMatch(
      /^The element 2 of the element array is not well-formed XML: Unclosed tag 'track'\. \(line 1, column 1\)\.$/,
    );
    expect(badRequest(() => parseElementArray(`<track id="a">${'<a>'.repeat(64)}${'</a>'.repeat(64)}</track>`))).toBe(
      'The element 1 of the element array is nested deeper than 64 levels.',
    );
    expect(badRequest(() => parseElementArray('x'.repeat(10 * 1024 * 1024 + 1)))).toBe('The element array is larger than 10 MiB.');
    expect(badRequest(() => parseElementArray(7 as unknown as string))).toBe('The element array must be a string.');
  });
});
