/** The inventory of one mediapackage in one channel, and its XML form. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { INVENTORY_NAMESPACE, inventory, inventoryToXml, type InventoryDeps } from '../../../lib/distribution/inventory.ts';
import { MemoryStore } from '../../helpers/memory-store.ts';

let store: MemoryStore;
let deps: InventoryDeps;

beforeEach(() => {
  store = new MemoryStore();
  deps = { store, settings: { organization: 'org', distributionBucket: 'dist', distributionBaseUrl: 'https://cdn.example.org/media' } };
  store.add('dist', 'org/ch/10.0000/1/track-1/a b.mp4', '12345');
  store.add('dist', 'org/ch/10.0000/1/track-1/b.mp4', '1');
  store.add('dist', 'org/ch/10.0000/1/catalog-1/dc.xml', '<x/>');
  store.add('dist', 'org/ch/10.0000/1/2/track-1/c.mp4', 'other mediapackage');
  store.add('dist', 'org/other/10.0000/1/track-1/d.mp4', 'other channel');
});

describe('inventory', () => {
  it('lists the files of each element with size and public URL, not those of a mediapackage whose id extends this one', async () => {
    expect(await inventory(deps, 'ch', '10.0000/1')).toEqual({
      organization: 'org',
      channelId: 'ch',
      mediapackageId: '10.0000/1',
      elements: [
        { id: 'catalog-1', files: [{ name: 'dc.xml', key: 'org/ch/10.0000/1/catalog-1/dc.xml', size: 4, url: 'https://cdn.example.org/media/org/ch/10.0000/1/catalog-1/dc.xml', lastModified: '1970-01-01T00:00:00.000Z' }] },
        {
          id: 'track-1',
          files: [
            expect.objectContaining({ name: 'a b.mp4', size: 5, url: 'https://cdn.example.org/media/org/ch/10.0000/1/track-1/a%20b.mp4' }),
            expect.objectContaining({ name: 'b.mp4', size: 1 }),
          ],
        },
      ],
    });
  });

  it('is empty for a mediapackage with nothing distributed', async () => {
    expect((await inventory(deps, 'ch', 'nothing')).elements).toEqual([]);
  });

  it('answers signed URLs in private mode', async () => {
    const signed = await inventory({ ...deps, signer: { sign: async (key, url) => `${url}?signed=${encodeURIComponent(key)}` } }, 'other', '10.0000/1');
    expect(signed.elements[0]!.files[0]!.url).toBe(
      'https://cdn.example.org/media/org/other/10.0000/1/track-1/d.mp4?signed=org%2Fother%2F10.0000%2F1%2Ftrack-1%2Fd.mp4',
    );
  });

  it.each([
    ['ch', '..'],
    ['ch', 'a//b'],
    ['a/b', 'mp'],
    ['', 'mp'],
  ])('refuses the unsafe ids %j / %j', async (channelId, mediapackageId) => {
    await expect(inventory(deps, channelId, mediapackageId)).rejects.toMatchObject({ name: 'BadRequestError' });
  });
});

describe('inventoryToXml', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, htmlEntities: true, isArray: (name) => name === 'element' || name === 'file' });

  it('is a namespaced document that says what the JSON says', async () => {
    const text = inventoryToXml(await inventory(deps, 'ch', '10.0000/1'));
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><distribution ')).toBe(true);
    expect(XMLValidator.validate(text)).toBe(true);
    const { distribution } = parser.parse(text);
    expect(distribution).toMatchObject({ xmlns: INVENTORY_NAMESPACE, organization: 'org', channel: 'ch', mediapackage: '10.0000/1' });
    expect(distribution.element.map((e: { id: string }) => e.id)).toEqual(['catalog-1', 'track-1']);
    expect(distribution.element[1].file[0]).toEqual({
      name: 'a b.mp4',
      size: '5',
      lastModified: '1970-01-01T00:00:00.000Z',
      key: 'org/ch/10.0000/1/track-1/a b.mp4',
      url: 'https://cdn.example.org/media/org/ch/10.0000/1/track-1/a%20b.mp4',
    });
  });

  it('escapes markup, quotes and line breaks, and replaces what XML cannot carry', () => {
    const text = inventoryToXml({
      organization: 'o&o',
      channelId: 'c"h',
      mediapackageId: "<mp>'",
      elements: [{ id: 'a\tb', files: [{ name: 'x\ny\u0001.mp4', key: 'k\r<', size: 1, url: 'https://h/x?a=1&b=2' }] }],
    });
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).not.toMatch(/[\u0000-\u0008\n\r\t]/);
    const { distribution } = parser.parse(text);
    expect(distribution).toMatchObject({ organization: 'o&o', channel: 'c"h', mediapackage: "<mp>'" });
    expect(distribution.element[0].file[0]).toMatchObject({ name: 'x\ny\uFFFD.mp4', url: 'https://h/x?a=1&b=2' });
    expect(text).toContain('id="a&#9;b"');
  });
});
