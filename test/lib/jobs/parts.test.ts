import { describe, expect, it } from 'vitest';
import { LARGE_ELEMENT_BYTES, MAX_ELEMENTS_PER_PART, packParts, partElements, partMediapackage, serializeRequested } from '../../../lib/jobs/parts.ts';
import { parseMediaPackage } from '../../../lib/mediapackage/index.ts';
import { mediapackageXml } from '../../helpers/mediapackage.ts';

const MiB = 1024 * 1024;
const single = (id: string, size?: number) => ({ elementIds: [id], size });
const xml = () => 500;

describe('packParts', () => {
  it('gives a large element, or one of unknown size, a part of its own; small ones around it share one', () => {
    expect(packParts([single('a', 1), single('big', LARGE_ELEMENT_BYTES), single('b', 1), single('unknown'), single('c', 1)], xml)).toEqual([
      ['a', 'b', 'c'],
      ['big'],
      ['unknown'],
    ]);
  });

  it('packs consecutive small elements together', () => {
    expect(packParts([single('a', MiB), single('b', MiB), single('c', MiB)], xml)).toEqual([['a', 'b', 'c']]);
  });

  it('keeps a playlist group as one part', () => {
    expect(packParts([single('a', 1), { elementIds: ['master', 'variant', 'segments'] }, single('b', 1)], xml)).toEqual([
      ['a', 'b'],
      ['master', 'variant', 'segments'],
    ]);
  });

  it('starts a new part at the element count, byte and XML limits', () => {
    const many = Array.from({ length: MAX_ELEMENTS_PER_PART + 1 }, (_, i) => single(`e${i}`, 1));
    expect(packParts(many, xml).map((part) => part.length)).toEqual([MAX_ELEMENTS_PER_PART, 1]);
    const heavy = [single('a', 60 * MiB), single('b', 60 * MiB)];
    expect(packParts(heavy, xml)).toEqual([['a'], ['b']]);
    expect(packParts([single('a', 1), single('b', 1)], () => 100 * 1024)).toEqual([['a'], ['b']]);
  });
});

describe('part messages', () => {
  const mp = parseMediaPackage(
    mediapackageXml('10.0000/1', [
      { id: 'a', url: 'a.mp4' },
      { id: 'b', kind: 'catalog', url: 'b.xml', mimetype: 'text/xml' },
    ]),
  );

  it('carry their elements, from which the worker rebuilds exactly those', () => {
    const elements = partElements(serializeRequested(mp, 'ch', ['b', 'a']), ['b', 'a'])!;
    const rebuilt = partMediapackage('10.0000/1', elements);
    expect(rebuilt.id).toBe('10.0000/1');
    expect(rebuilt.elements.map((e) => [e.kind, e.id, e.url])).toEqual([
      ['catalog', 'b', 'b.xml'],
      ['track', 'a', 'a.mp4'],
    ]);
  });

  it('leave the elements out when they would not fit in a message', () => {
    const huge = new Map([['a', 'x'.repeat(200 * 1024)]]);
    expect(partElements(huge, ['a'])).toBeUndefined();
  });
});
