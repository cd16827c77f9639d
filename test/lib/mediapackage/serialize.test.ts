import { describe, expect, it } from 'vitest';
import { fields } from './helpers.ts';
import { BadRequestError } from '../../../lib/errors.ts';
import {
  elementToJson,
  parseElementArray,
  parseMediaPackage,
  serializeElement,
  toElementArrayXml,
  withUrl,
  type MediaPackage,
  type MediaPackageElement,
} from '../../../lib/mediapackage/index.ts';
import { readSample } from '../../fixtures.ts';

const MEDIAPACKAGES = [
  'download-mediapackage.xml',
  'download-hls_1_var_mediapackage.xml',
  'aws-s3-hls_mediapackage.xml',
  'aws-s3-mediapackage_distributed.xml',
];
const ARRAY = 'distribution_job_payload.element-array.txt';

const allElements = (mp: MediaPackage) => [...mp.elements, ...mp.publications.flatMap((p) => p.elements)];

const comparable = (el: MediaPackageElement) => ({ ...fields(el), node: el.node });

/**
 * An independent view of an element's XML text, written without the parser under test: tags with
 * their attributes in order, and text, ignoring prefixes, namespace declarations, layout and the
 * difference between `<a/>` and `<a></a>`.
 */
function fingerprint(xml: string): string[] {
  const out: string[] = [];
  const token = /<\/(?:[\w.-]+:)?([\w.-]+)\s*>|<(?:[\w.-]+:)?([\w.-]+)((?:\s+[^\s=]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  const body = xml.replace(/<\?xml[^>]*\?>/, '');
  for (const [, close, open, attrs, selfClosing, text] of body.matchAll(token)) {
    if (close) out.push(`</${close}>`);
    else if (open) {
      const kept = [...(attrs ?? '').matchAll(/([^\s=]+)\s*=\s*"([^"]*)"/g)]
        .filter(([, name]) => name !== 'xmlns' && !name?.startsWith('xmlns:'))
        .map(([, name, value]) => `${name}=${value}`);
      out.push(`<${open} ${kept.join(' ')}>`);
      if (selfClosing) out.push(`</${open}>`);
    } else if (text?.trim()) out.push(text.trim());
  }
  return out;
}

/** The source text of each track, catalog and attachment in a fixture, in document order. */
function elementSources(xml: string): string[] {
  return [...xml.matchAll(/<(?:\w+:)?(track|catalog|attachment)\b[\s\S]*?<\/(?:\w+:)?\1>/g)].map(([source]) => source);
}

describe('round trip on every Opencast fixture', () => {
  it.each(MEDIAPACKAGES)('%s: parse → serialize → parse yields identical elements', (name) => {
    const mp = parseMediaPackage(readSample(name));
    const elements = allElements(mp);
    expect(elements.length).toBeGreaterThan(0);
    for (const el of elements) {
      const xml = serializeElement(el);
      const [again] = parseElementArray(xml);
      expect(comparable(again as MediaPackageElement)).toEqual(comparable(el));
      expect(serializeElement(again as MediaPackageElement)).toBe(xml);
    }
    const array = toElementArrayXml(elements);
    expect(parseElementArray(array).map(comparable)).toEqual(elements.map(comparable));
  });

  it.each(MEDIAPACKAGES)('%s: every field of the source XML is in the serialized element', (name) => {
    const source = readSample(name);
    const elements = parseMediaPackage(source).elements;
    const sources = elementSources(source);
    expect(sources).toHaveLength(elements.length);
    elements.forEach((el, i) => expect(fingerprint(serializeElement(el))).toEqual(fingerprint(sources[i] as string)));
  });

  it('element array fixture: parse → serialize → parse yields identical elements, every field kept', () => {
    const source = readSample(ARRAY);
    const elements = parseElementArray(source);
    expect(elements.map((el) => [el.kind, el.id, el.flavor, el.tags, el.size])).toEqual([
      ['catalog', 'd84b6672-ff84-4df5-9ada-f1cdc0f2d901', 'dublincore/episode', ['archive', 'engage'], undefined],
      ['attachment', 'ee8a7e51-0666-45b3-ac5a-77da00b075f4', 'presenter/player+preview', ['archive', 'engage'], 18030],
      ['track', '128ba1e6-4553-45c0-8730-4eb954b9f554', 'presenter/delivery', ['engage'], 639199],
    ]);
    const again = parseElementArray(toElementArrayXml(elements));
    expect(again.map(comparable)).toEqual(elements.map(comparable));
    const sourceDocs = source.split('###');
    elements.forEach((el, i) => expect(fingerprint(serializeElement(el))).toEqual(fingerprint(sourceDocs[i] as string)));
  });
});

describe('serializeElement', () => {
  it("writes Opencast's getAsXml shape: declaration, kind root, attributes in order, then the namespace", () => {
    const [track] = parseMediaPackage(readSample('download-mediapackage.xml')).elements;
    expect(serializeElement(track as MediaPackageElement)).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<track id="track-1" type="presentation/source" xmlns="http://mediapackage.opencastproject.org">' +
        '<mimetype>video/quicktime</mimetype><url>media.mov</url>' +
        '<checksum type="md5">43b7d843b02c4a429b2f547a4f230d31</checksum><duration>1004400000</duration>' +
        '<video><device type="UFG03" version="30112007" vendor="Unigraf"/>' +
        '<encoder type="H.264" version="7.4" vendor="Apple Inc"/><resolution>640x480</resolution>' +
        '<scanType type="progressive"/><bitrate>540520</bitrate><frameRate>2</frameRate></video></track>',
    );
  });

  it('escapes odd characters in text and attributes, and they survive a round trip', () => {
    const xml =
      `<mediapackage id="x"><media><track id="t&amp;1" type="a&quot;b'c&lt;d&gt;e" ref="tab&#9;lf&#10;cr&#13;end">` +
      `<url>http://h/v.mp4?a=1&amp;b="2"&lt;3&gt;&#13;é😀</url><title>it's "quoted" &amp; ]]&gt; 日本</title></track></media></mediapackage>`;
    const [track] = parseMediaPackage(xml).elements as [MediaPackageElement];
    expect(track.id).toBe('t&1');
    expect(track.url).toBe('http://h/v.mp4?a=1&b="2"<3>\ré😀');
    const out = serializeElement(track);
    expect(out).toContain('<track id="t&amp;1" type="a&quot;b\'c&lt;d&gt;e" ref="tab&#9;lf&#10;cr&#13;end" xmlns=');
    expect(out).toContain('<url>http://h/v.mp4?a=1&amp;b="2"&lt;3&gt;&#13;é😀</url>');
    expect(out).toContain('<title>it\'s "quoted" &amp; ]]&gt; 日本</title>');
    expect(comparable(parseElementArray(out)[0] as MediaPackageElement)).toEqual(comparable(track));
  });

  it('never lets ### appear inside an element document', () => {
    const [track] = parseMediaPackage('<mediapackage id="x"><media><track id="t" type="a###b"><url>u</url></track></media></mediapackage>')
      .elements as [MediaPackageElement];
    const moved = withUrl(track, 'http://h/a###b#c####');
    const array = toElementArrayXml([moved, moved]);
    expect(array.split('###')).toHaveLength(2);
    const again = parseElementArray(array);
    expect(again.map((el) => [el.url, el.flavor])).toEqual([
      ['http://h/a###b#c####', 'a###b'],
      ['http://h/a###b#c####', 'a###b'],
    ]);
  });

  it('serializes elements built by hand, without a parsed node', () => {
    const el: MediaPackageElement = {
      kind: 'attachment', id: 'a1', url: 'x.png', flavor: 'presenter/preview', mimetype: 'image/png',
      tags: ['engage'], checksum: { type: 'md5', value: 'abc' }, size: 12, node: undefined,
    };
    const xml = serializeElement(el);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<attachment id="a1" type="presenter/preview" xmlns="http://mediapackage.opencastproject.org"><mimetype>image/png</mimetype>' +
        '<tags><tag>engage</tag></tags><url>x.png</url><checksum type="md5">abc</checksum><size>12</size></attachment>',
    );
    const [again] = parseElementArray(xml) as [MediaPackageElement];
    expect({ ...again, node: undefined }).toEqual(el);
  });
});

describe('element arrays', () => {
  it('an empty list is the empty string, and back', () => {
    expect(toElementArrayXml([])).toBe('');
    expect(parseElementArray('')).toEqual([]);
    expect(parseElementArray(' \n ')).toEqual([]);
  });

  it('skips blank parts as Opencast does', () => {
    expect(parseElementArray('###<track id="a"/>### \n ###<catalog id="b"/>').map((el) => `${el.kind}:${el.id}`)).toEqual(['track:a', 'catalog:b']);
  });

  it('accepts any prefix on the element root', () => {
    const [el] = parseElementArray('<ns2:attachment xmlns:ns2="http://mediapackage.opencastproject.org" id="a"><ns2:url>u</ns2:url></ns2:attachment>');
    expect([el?.kind, el?.id, el?.url]).toEqual(['attachment', 'a', 'u']);
  });

  it('rejects documents that are not elements, and elements without ids', () => {
    const err = (text: string) => {
      try {
        parseElementArray(text);
      } catch (error) {
        expect(error).toBeInstanceOf(BadRequestError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(err('<track id="a"/>###<publication id="p"/>')).toBe('The element 2 of the element array is a <publication>; expected a track, catalog or attachment.');
    expect(err('<mediapackage id="m"/>')).toBe('The element 1 of the element array is a <mediapackage>; expected a track, catalog or attachment.');
    expect(err('<track id="a"/>###<catalog/>')).toBe('The element 2 of the element array has no id attribute.');
  });
});

describe('withUrl', () => {
  it('changes only the url text and leaves the original untouched', () => {
    const mp = parseMediaPackage(readSample('download-hls_1_var_mediapackage.xml'));
    const master = mp.elements[0] as MediaPackageElement;
    const before = JSON.stringify(master.node);
    const moved = withUrl(master, 'http://cdn/mh_default_org/engage/mp/master/master.m3u8');
    expect(JSON.stringify(master.node)).toBe(before);
    expect(master.url).toBe('master.m3u8');
    expect(moved.url).toBe('http://cdn/mh_default_org/engage/mp/master/master.m3u8');
    expect({ ...comparable(moved), url: master.url, node: null }).toEqual({ ...comparable(master), node: null });
    expect(serializeElement(moved)).toBe(serializeElement(master).replace('<url>master.m3u8</url>', '<url>http://cdn/mh_default_org/engage/mp/master/master.m3u8</url>'));
    expect(comparable(parseElementArray(serializeElement(moved))[0] as MediaPackageElement)).toEqual(comparable(moved));
  });

  it('adds a missing url after mimetype and tags', () => {
    const [el] = parseElementArray('<track id="t"><mimetype>video/mp4</mimetype><tags><tag>a</tag></tags><duration>5</duration></track>') as [MediaPackageElement];
    const moved = withUrl(el, 'x&y.mp4');
    expect(serializeElement(moved)).toContain('<tags><tag>a</tag></tags><url>x&amp;y.mp4</url><duration>5</duration>');
    const [bare] = parseElementArray('<catalog id="c"/>') as [MediaPackageElement];
    expect(serializeElement(withUrl(bare, 'c.xml'))).toContain('<catalog id="c" xmlns="http://mediapackage.opencastproject.org"><url>c.xml</url></catalog>');
  });

  it('can set an empty url', () => {
    const [el] = parseElementArray('<track id="t"><url>a</url></track>') as [MediaPackageElement];
    const moved = withUrl(el, '');
    expect(serializeElement(moved)).toContain('<url/>');
    expect(comparable(parseElementArray(serializeElement(moved))[0] as MediaPackageElement)).toEqual(comparable(moved));
  });
});

describe('elementToJson', () => {
  it('gives the download fixture track with every field', () => {
    const [track] = parseMediaPackage(readSample('download-mediapackage.xml')).elements;
    expect(elementToJson(track as MediaPackageElement)).toEqual({
      elementType: 'track',
      id: 'track-1',
      type: 'presentation/source',
      mimetype: 'video/quicktime',
      tags: [],
      url: 'media.mov',
      checksum: { type: 'md5', value: '43b7d843b02c4a429b2f547a4f230d31' },
      duration: '1004400000',
      video: {
        device: { type: 'UFG03', version: '30112007', vendor: 'Unigraf' },
        encoder: { type: 'H.264', version: '7.4', vendor: 'Apple Inc' },
        resolution: '640x480',
        scanType: { type: 'progressive' },
        bitrate: '540520',
        frameRate: '2',
      },
    });
  });

  it('gives ref, tags and a numeric size', () => {
    const [, attachment] = parseElementArray(readSample(ARRAY));
    expect(elementToJson(attachment as MediaPackageElement)).toEqual({
      elementType: 'attachment',
      id: 'ee8a7e51-0666-45b3-ac5a-77da00b075f4',
      type: 'presenter/player+preview',
      ref: 'track:df336a55-24a8-4a4e-9eb2-f3277c772913',
      mimetype: 'image/jpeg',
      tags: ['archive', 'engage'],
      url: 'https://distribution.edu/engage-player/0210084b-8927-4675-8f6b-f0417ce8c5a7/ee8a7e51-0666-45b3-ac5a-77da00b075f4/presenter.jpg',
      size: 18030,
    });
  });

  it('keeps unknown attributes, repeated children, text beside children and odd sizes', () => {
    const [el] = parseElementArray(
      '<track id="t" type="f" extra="1"><url>u</url><size>n/a</size><stream id="s1"><codec>h264</codec><codec>h265</codec></stream>' +
        '<stream id="s2"/><note lang="en">hi</note><empty/></track>',
    ) as [MediaPackageElement];
    expect(elementToJson(el)).toEqual({
      elementType: 'track',
      id: 't',
      type: 'f',
      tags: [],
      url: 'u',
      extra: '1',
      size: 'n/a',
      stream: [{ id: 's1', codec: ['h264', 'h265'] }, { id: 's2' }],
      note: { lang: 'en', value: 'hi' },
      empty: '',
    });
  });

  it('is plain JSON that survives JSON.stringify', () => {
    for (const name of MEDIAPACKAGES) {
      for (const el of parseMediaPackage(readSample(name)).elements) {
        const json = elementToJson(el);
        expect(JSON.parse(JSON.stringify(json))).toEqual(json);
        expect(json.url).toBe(el.url);
      }
    }
  });
});
