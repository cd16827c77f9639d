import { describe, expect, it } from 'vitest';
import { badRequest, fields } from './helpers.ts';
import { findElement, parseMediaPackage } from '../../../lib/mediapackage/index.ts';
import { readSample } from '../../fixtures.ts';



describe('parseMediaPackage on Opencast fixtures', () => {
  it('reads the download service fixture: default namespace, id with a slash, relative urls', () => {
    const mp = parseMediaPackage(readSample('download-mediapackage.xml'));
    expect(mp.id).toBe('10.0000/1');
    expect(mp.publications).toEqual([]);
    expect(mp.elements.map(fields)).toEqual([
      {
        kind: 'track', id: 'track-1', url: 'media.mov', flavor: 'presentation/source', mimetype: 'video/quicktime',
        tags: [], checksum: { type: 'md5', value: '43b7d843b02c4a429b2f547a4f230d31' }, size: undefined,
      },
      {
        kind: 'catalog', id: 'catalog-1', url: 'dublincore.xml', flavor: 'dublincore/episode', mimetype: 'text/xml',
        tags: [], checksum: { type: 'md5', value: '2b8a52878c536e64e20e309b5d7c1070' }, size: undefined,
      },
      {
        kind: 'catalog', id: 'catalog-2', url: 'mpeg7.xml', flavor: 'metadata/mpeg-7', mimetype: 'text/xml',
        tags: [], checksum: { type: 'md5', value: '2b8a52878c536e64e20e309b5d7c1070' }, size: undefined,
      },
      {
        kind: 'attachment', id: 'notes', url: 'attachment.txt', flavor: 'attachment/notes', mimetype: 'text/plain',
        tags: [], checksum: { type: 'md5', value: '6d535f61a1b31a3edeb01be0951a2b4e' }, size: undefined,
      },
    ]);
  });

  it('keeps the whole element in the node, values as written, prefix-free', () => {
    const [track] = parseMediaPackage(readSample('download-mediapackage.xml')).elements;
    expect(track?.node).toEqual({
      track: [
        { mimetype: [{ '#text': 'video/quicktime' }] },
        { url: [{ '#text': 'media.mov' }] },
        { checksum: [{ '#text': '43b7d843b02c4a429b2f547a4f230d31' }], ':@': { type: 'md5' } },
        { duration: [{ '#text': '1004400000' }] },
        {
          video: [
            { device: [], ':@': { type: 'UFG03', version: '30112007', vendor: 'Unigraf' } },
            { encoder: [], ':@': { type: 'H.264', version: '7.4', vendor: 'Apple Inc' } },
            { resolution: [{ '#text': '640x480' }] },
            { scanType: [], ':@': { type: 'progressive' } },
            { bitrate: [{ '#text': '540520' }] },
            { frameRate: [{ '#text': '2' }] },
          ],
        },
      ],
      ':@': { id: 'track-1', type: 'presentation/source' },
    });
  });

  it('reads the ns2-prefixed HLS fixture with empty tags elements', () => {
    const mp = parseMediaPackage(readSample('download-hls_1_var_mediapackage.xml'));
    expect(mp.id).toBe('d51f9d4e-b5e7-41e0-8640-0d1f43b2fed0');
    expect(mp.elements.map((el) => [el.kind, el.id, el.url, el.flavor, el.tags])).toEqual([
      ['track', 'master', 'master.m3u8', 'presenter/delivery', []],
      ['track', 'variant', 'variant_0.m3u8', 'presenter/delivery', []],
      ['track', 'segments', 'file_0.mp4', 'presenter/delivery', []],
      ['catalog', 'dublincore', 'dublincore.xml', 'dublincore/episode', []],
      ['catalog', 'mpeg7', 'mpeg7.xml', 'mpeg-7/segments', []],
    ]);
    const master = JSON.stringify(mp.elements[0]?.node);
    expect(master).not.toContain('ns2');
    expect(master).toContain('{"master":[{"#text":"true"}]}');
    expect(master).toContain('{"logicalname":[{"#text":"master.m3u8"}]}');
    expect(mp.elements[0]?.checksum).toEqual({ type: 'md5', value: '46cb2e9df2e73756b0d96c33b1aaf055' });
  });

  it('reads the S3 fixtures, keeping numbers as text', () => {
    const mp = parseMediaPackage(readSample('aws-s3-hls_mediapackage.xml'));
    expect(mp.id).toBe('efd6e4df-63b6-49af-be5f-15f598778877');
    expect(mp.elements.map((el) => el.id)).toEqual(['track-1', 'presenter-mp4', 'presenter-m3u8', 'episode-dc', 'series-dc']);
    const node = JSON.stringify(mp.elements[0]?.node);
    expect(node).toContain('{"framerate":[{"#text":"24.98"}]}');
    expect(node).toContain('{"bitrate":[{"#text":"62256.0"}]}');
    expect(node).toContain('{"scantype":[],":@":{"type":"Progressive"}}');

    const distributed = parseMediaPackage(readSample('aws-s3-mediapackage_distributed.xml'));
    expect(distributed.elements[0]?.url).toBe(
      'http://XYZ.cloudfront.net/mh_default_org/channelId/efd6e4df-63b6-49af-be5f-15f598778877/presenter-delivery/video-presenter-delivery.mp4',
    );
  });
});

describe('namespace prefixes', () => {
  const body = (p: string) =>
    `<${p}media><${p}track id="t1" type="presenter/source"><${p}mimetype>video/mp4</${p}mimetype>` +
    `<${p}tags><${p}tag>engage</${p}tag></${p}tags><${p}url>a.mp4</${p}url><${p}size>42</${p}size></${p}track></${p}media>` +
    `<${p}attachments><${p}attachment id="a1"><${p}url>b.png</${p}url></${p}attachment></${p}attachments>`;
  const NS = 'http://mediapackage.opencastproject.org';
  const forms = {
    'no namespace': `<mediapackage id="mp">${body('')}</mediapackage>`,
    'default namespace': `<mediapackage xmlns="${NS}" id="mp">${body('')}</mediapackage>`,
    'oc:': `<oc:mediapackage xmlns:oc="${NS}" id="mp">${body('oc:')}</oc:mediapackage>`,
    'ns2:': `<ns2:mediapackage xmlns:ns2="${NS}" id="mp">${body('ns2:')}</ns2:mediapackage>`,
    'mp:': `<mp:mediapackage xmlns:mp="${NS}" id="mp">${body('mp:')}</mp:mediapackage>`,
    'any prefix': `<x-y.z:mediapackage xmlns:x-y.z="${NS}" id="mp">${body('x-y.z:')}</x-y.z:mediapackage>`,
  };

  it.each(Object.entries(forms))('parses the same elements with %s', (_, xml) => {
    const expected = parseMediaPackage(forms['no namespace']);
    const mp = parseMediaPackage(xml);
    expect(mp).toEqual(expected);
    expect(mp.elements.map(fields)).toEqual([
      { kind: 'track', id: 't1', url: 'a.mp4', flavor: 'presenter/source', mimetype: 'video/mp4', tags: ['engage'], checksum: undefined, size: 42 },
      { kind: 'attachment', id: 'a1', url: 'b.png', flavor: undefined, mimetype: undefined, tags: [], checksum: undefined, size: undefined },
    ]);
  });
});

describe('text and references', () => {
  it('decodes predefined entities and numeric character references', () => {
    const mp = parseMediaPackage(
      `<mediapackage id="mp &amp; co"><media><track id="t" type="a&quot;b&apos;c&lt;d&gt;e">` +
        `<url>http://h/v.mp4?a=1&amp;b=2&#38;c=&#233;&#x1F600;&#xe9;</url>` +
        `<tags><tag>caf&#xE9;</tag><tag>日本語</tag></tags></track></media></mediapackage>`,
    );
    expect(mp.id).toBe('mp & co');
    const [track] = mp.elements;
    expect(track?.flavor).toBe(`a"b'c<d>e`);
    expect(track?.url).toBe('http://h/v.mp4?a=1&b=2&c=é😀é');
    expect(track?.tags).toEqual(['café', '日本語']);
  });

  it('does not decode twice', () => {
    const mp = parseMediaPackage('<mediapackage id="x"><media><track id="t"><url>&amp;lt;&amp;#65;</url></track></media></mediapackage>');
    expect(mp.elements[0]?.url).toBe('&lt;&#65;');
  });

  it('merges text split by CDATA, comments and processing instructions', () => {
    const mp = parseMediaPackage(
      '<mediapackage id="x"><media><track id="t"><url>a<![CDATA[<b>]]>c<!-- x --><?pi y?>d</url>' +
        '<mimetype><![CDATA[]]></mimetype></track></media></mediapackage>',
    );
    expect(mp.elements[0]?.url).toBe('a<b>cd');
    expect(mp.elements[0]?.node).toEqual({ track: [{ url: [{ '#text': 'a<b>cd' }] }, { mimetype: [] }], ':@': { id: 't' } });
  });

  it('accepts a byte order mark, an XML declaration, comments and CRLF line ends', () => {
    const mp = parseMediaPackage('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- hi -->\r\n<mediapackage id="x">\r\n</mediapackage>\r\n');
    expect(mp).toEqual({ id: 'x', elements: [], publications: [] });
  });

  it('keeps element names that are Object.prototype members as they are', () => {
    const mp = parseMediaPackage('<mediapackage id="x"><media><track id="t" toString="1"><valueOf>2</valueOf><url>u</url></track></media></mediapackage>');
    const children: unknown[] = [{ valueOf: [{ '#text': '2' }] }, { url: [{ '#text': 'u' }] }];
    expect(mp.elements[0]?.node).toEqual({ track: children, ':@': { id: 't', toString: '1' } });
  });
});

describe('element fields', () => {
  it('takes the first of repeated fields and ignores a size that is not a byte count', () => {
    const mp = parseMediaPackage(
      '<mediapackage id="x"><media><track id="t"><url>first</url><url>second</url><size>12abc</size></track>' +
        '<track id="u"><size>9007199254740993</size></track></media></mediapackage>',
    );
    expect(mp.elements[0]?.url).toBe('first');
    expect(mp.elements[0]?.size).toBeUndefined();
    expect(mp.elements[1]?.size).toBeUndefined();
    expect(mp.elements[1]?.url).toBe('');
  });

  it('only reads elements from their own sections', () => {
    const mp = parseMediaPackage(
      '<mediapackage id="x"><media><catalog id="wrong"/><track id="t"/></media><metadata><catalog id="c"/></metadata>' +
        '<track id="stray"/><attachments><attachment id="a"/></attachments></mediapackage>',
    );
    expect(mp.elements.map((el) => `${el.kind}:${el.id}`)).toEqual(['track:t', 'catalog:c', 'attachment:a']);
  });

  it('names a missing element id by kind and position', () => {
    const xml = '<mediapackage id="x"><media><track id="t1"/><track><url>u</url></track></media></mediapackage>';
    expect(badRequest(() => parseMediaPackage(xml))).toBe('The track 2 has no id attribute.');
    expect(badRequest(() => parseMediaPackage('<mediapackage id="x"><metadata><catalog id=" "/></metadata></mediapackage>'))).toBe(
      'The catalog 1 has no id attribute.',
    );
  });

  it('requires the mediapackage id and root', () => {
    expect(badRequest(() => parseMediaPackage('<mediapackage><media/></mediapackage>'))).toBe('The mediapackage has no id attribute.');
    expect(badRequest(() => parseMediaPackage('<mediapackage id=""/>'))).toBe('The mediapackage has no id attribute.');
    expect(badRequest(() => parseMediaPackage('<ns2:track xmlns:ns2="u" id="t"/>'))).toBe(
      'The mediapackage has the root element <track>; expected <mediapackage>.',
    );
  });
});

describe('publications and findElement', () => {
  const xml = `<mediapackage xmlns="http://mediapackage.opencastproject.org" id="mp">
    <media><track id="track-1"><url>top.mp4</url></track></media>
    <publications>
      <publication id="pub-engage" channel="engage-player">
        <mimetype>text/html</mimetype><url>http://engage/play/mp</url>
        <media><track id="track-1"><url>published-copy.mp4</url></track><track id="pub-track"><url>p.mp4</url></track></media>
        <metadata><catalog id="pub-catalog"><url>c.xml</url></catalog></metadata>
        <attachments><attachment id="pub-att"><url>a.jpg</url></attachment></attachments>
      </publication>
      <publication id="pub-api" channel="api"><media><track id="api-track"><url>api.mp4</url></track></media></publication>
    </publications>
  </mediapackage>`;

  it('reads publications with their elements, apart from the top-level ones', () => {
    const mp = parseMediaPackage(xml);
    expect(mp.elements.map((el) => el.id)).toEqual(['track-1']);
    expect(mp.publications.map((p) => [p.id, p.channel, p.elements.map((el) => `${el.kind}:${el.id}:${el.url}`)])).toEqual([
      ['pub-engage', 'engage-player', ['track:track-1:published-copy.mp4', 'track:pub-track:p.mp4', 'catalog:pub-catalog:c.xml', 'attachment:pub-att:a.jpg']],
      ['pub-api', 'api', ['track:api-track:api.mp4']],
    ]);
  });

  it('finds top-level elements first, then those of the publication for the channel', () => {
    const mp = parseMediaPackage(xml);
    expect(findElement(mp, 'track-1', 'engage-player')?.url).toBe('top.mp4');
    expect(findElement(mp, 'pub-track', 'engage-player')?.url).toBe('p.mp4');
    expect(findElement(mp, 'pub-catalog', 'engage-player')?.kind).toBe('catalog');
    expect(findElement(mp, 'pub-track', 'api')).toBeUndefined();
    expect(findElement(mp, 'api-track', 'api')?.url).toBe('api.mp4');
    expect(findElement(mp, 'nope', 'engage-player')).toBeUndefined();
  });

  it('names a publication element without an id', () => {
    const bad = '<mediapackage id="x"><publications><publication id="p" channel="c"><media><track/></media></publication></publications></mediapackage>';
    expect(badRequest(() => parseMediaPackage(bad))).toBe('The track 1 of publication "p" has no id attribute.');
  });
});

describe('performance', () => {
  it('parses 5,000 elements without quadratic work', () => {
    const track = (i: number) =>
      `<track id="t${i}" type="presenter/source"><mimetype>video/mp4</mimetype><tags><tag>engage</tag></tags>` +
      `<url>v${i}.mp4</url><checksum type="md5">43b7d843b02c4a429b2f547a4f230d31</checksum><size>${i}</size>` +
      `<video id="video-1"><encoder type="AVC"/><framerate>25.0</framerate></video></track>`;
    const xml = `<mediapackage id="mp"><media>${Array.from({ length: 5000 }, (_, i) => track(i)).join('')}</media></mediapackage>`;
    const started = performance.now();
    const mp = parseMediaPackage(xml);
    expect(mp.elements).toHaveLength(5000);
    expect(mp.elements[4999]?.size).toBe(4999);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
