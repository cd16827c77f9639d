// Run with: npx vitest bench --run test/lib/mediapackage
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { bench, describe } from 'vitest';
import { parseMediaPackage, toElementArrayXml } from '../../../lib/mediapackage/index.ts';

const track = (i: number) =>
  `<track id="track-${i}" type="presenter/source" ref="track:source-${i}"><mimetype>video/mp4</mimetype>` +
  `<tags><tag>archive</tag><tag>engage</tag></tags><url>http://example.org/a&amp;b/video-${i}.mp4</url>` +
  `<checksum type="md5">43b7d843b02c4a429b2f547a4f230d31</checksum><size>123456</size><duration>49040</duration>` +
  `<audio id="audio-1"><device /><encoder type="AAC" /><channels>2</channels><bitrate>62256.0</bitrate></audio>` +
  `<video id="video-1"><device /><encoder type="AVC" /><bitrate>2433280.0</bitrate><framerate>24.98</framerate>` +
  `<resolution>1920x1080</resolution><scantype type="Progressive" /></video><live>false</live></track>`;

/** A synthetic 1,000-element mediapackage, about 600 kB. */
const xml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<mediapackage xmlns="http://mediapackage.opencastproject.org" id="mp">\n  <media>\n' +
  Array.from({ length: 1000 }, (_, i) => `    ${track(i)}`).join('\n') +
  '\n  </media>\n</mediapackage>';

const rawParser = new XMLParser({ preserveOrder: true, ignoreAttributes: false });
const rawBuilder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false });
const elements = parseMediaPackage(xml).elements;

describe('1,000-element mediapackage', () => {
  bench('raw XMLParser.parse + XMLBuilder.build', () => {
    rawBuilder.build(rawParser.parse(xml));
  });
  bench('raw XMLParser.parse', () => {
    rawParser.parse(xml);
  });
  bench('XMLValidator.validate (part of parseMediaPackage)', () => {
    XMLValidator.validate(xml);
  });
  bench('parseMediaPackage', () => {
    parseMediaPackage(xml);
  });
  bench('toElementArrayXml of its 1,000 elements', () => {
    toElementArrayXml(elements);
  });
  bench('parseMediaPackage + toElementArrayXml', () => {
    toElementArrayXml(parseMediaPackage(xml).elements);
  });
});
