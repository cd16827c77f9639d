/**
 * POST /distributesync and /retractsync end to end: through the gateway adapter, the real
 * handlers, the real SDK clients and the emulators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementToJson, parseElementArray, parseMediaPackage } from '../../lib/mediapackage/index.ts';
import { readSample } from '../fixtures.ts';
import { startSourceServer, type SourceServer } from '../helpers/http-source.ts';
import { mediapackageXml } from '../helpers/mediapackage.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let t: TestStack;
let source: SourceServer;
const ORG = 'mh_default_org';
const MOVIE = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256));

beforeAll(async () => {
  t = await startTestStack();
  source = await startSourceServer({ '/media/talk.mp4': { body: MOVIE, contentType: 'video/mp4' } });
  await t.putWorkspaceObject('media.mov', MOVIE, 'video/quicktime');
  await t.putWorkspaceObject('dublincore.xml', '<dublincore/>', 'text/xml');
  await t.putWorkspaceObject('mpeg7.xml', '<mpeg7/>', 'text/xml');
  await t.putWorkspaceObject('attachment.txt', 'notes', 'text/plain');
});

afterAll(async () => {
  await source?.close();
  await t?.stop();
});

const distribute = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.api('/distributesync', { method: 'POST', body: t.form(fields), headers });
const retract = (fields: Record<string, string>) => t.api('/retractsync', { method: 'POST', body: t.form(fields) });

describe('POST /distributesync from the workspace bucket (s3://)', () => {
  const mediapackage = readSample('download-mediapackage.xml');

  it('copies the element to {org}/{channel}/{mediapackageId}/{elementId}/{file} and answers it with only its url changed', async () => {
    const response = await distribute({ mediapackage, channelId: 'engage-player', elementId: 'track-1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    const [element] = parseElementArray(await response.text());
    const original = parseMediaPackage(mediapackage).elements.find((e) => e.id === 'track-1')!;
    expect(element!.url).toBe(`${t.url}/static/${ORG}/engage-player/10.0000/1/track-1/media.mov`);
    expect(elementToJson(element!)).toEqual({ ...elementToJson(original), url: element!.url });
    expect(await t.listDistribution(`${ORG}/engage-player/`)).toEqual([`${ORG}/engage-player/10.0000/1/track-1/media.mov`]);
  });

  it('serves the same bytes at the answered URL, with the element mimetype', async () => {
    const response = await fetch(`${t.url}/static/${ORG}/engage-player/10.0000/1/track-1/media.mov`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/quicktime');
    expect(Buffer.from(await response.arrayBuffer()).equals(MOVIE)).toBe(true);
  });

  it('distributes several elements of every kind in the requested order, duplicates collapsed', async () => {
    const response = await distribute({ mediapackage, channelId: 'internal', elementId: "['notes','catalog-2','track-1','notes']" });
    expect(response.status).toBe(200);
    expect(parseElementArray(await response.text()).map((e) => [e.kind, e.id])).toEqual([
      ['attachment', 'notes'],
      ['catalog', 'catalog-2'],
      ['track', 'track-1'],
    ]);
    expect(await t.listDistribution(`${ORG}/internal/`)).toHaveLength(3);
  });

  it('answers JSON when asked', async () => {
    const response = await distribute({ mediapackage, channelId: 'engage-player', elementId: '["catalog-1"]' }, { accept: 'application/json' });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject([
      { elementType: 'catalog', id: 'catalog-1', type: 'dublincore/episode', url: `${t.url}/static/${ORG}/engage-player/10.0000/1/catalog-1/dublincore.xml` },
    ]);
  });

  it('answers an empty body for elementId []', async () => {
    const response = await distribute({ mediapackage, channelId: 'engage-player', elementId: '[]' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('distributing again gives the same result', async () => {
    const first = await (await distribute({ mediapackage, channelId: 'again', elementId: 'track-1' })).text();
    const second = await (await distribute({ mediapackage, channelId: 'again', elementId: 'track-1' })).text();
    expect(second).toBe(first);
    expect(await t.listDistribution(`${ORG}/again/`)).toHaveLength(1);
  });

  it('takes multipart/form-data with the mediapackage as a file', async () => {
    const form = new FormData();
    form.set('mediapackage', new Blob([mediapackage], { type: 'text/xml' }), 'mp.xml');
    form.set('channelId', 'multipart');
    form.set('elementId', 'notes');
    const response = await t.api('/distributesync', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(await t.listDistribution(`${ORG}/multipart/`)).toEqual([`${ORG}/multipart/10.0000/1/notes/attachment.txt`]);
  });
});

describe('POST /distributesync from an http source', () => {
  it('streams an allowed host into the bucket, byte for byte', async () => {
    const mediapackage = mediapackageXml('http-mp', [{ id: 'talk', url: `${source.origin}/media/talk.mp4` }]);
    const response = await distribute({ mediapackage, channelId: 'engage-player', elementId: 'talk' });
    expect(response.status).toBe(200);
    const stored = await t.getDistributionObject(`${ORG}/engage-player/http-mp/talk/talk.mp4`);
    expect(stored?.body.equals(MOVIE)).toBe(true);
    expect(stored?.contentType).toBe('video/mp4');
  });
});

describe('POST /retractsync', () => {
  it('removes exactly one element in one channel, and answers it as given', async () => {
    const mediapackage = readSample('download-mediapackage.xml');
    for (const channelId of ['left', 'right']) {
      expect((await distribute({ mediapackage, channelId, elementId: '["track-1","catalog-1"]' })).status).toBe(200);
    }
    const response = await retract({ mediapackage, channelId: 'left', elementId: 'track-1' });
    expect(response.status).toBe(200);
    const [retracted] = parseElementArray(await response.text());
    expect(retracted!.url).toBe('media.mov');
    expect(await t.listDistribution(`${ORG}/left/`)).toEqual([`${ORG}/left/10.0000/1/catalog-1/dublincore.xml`]);
    expect(await t.listDistribution(`${ORG}/right/`)).toEqual([
      `${ORG}/right/10.0000/1/catalog-1/dublincore.xml`,
      `${ORG}/right/10.0000/1/track-1/media.mov`,
    ]);
    expect((await fetch(`${t.url}/static/${ORG}/left/10.0000/1/track-1/media.mov`)).status).toBe(404);
  });

  it('succeeds for what was never distributed', async () => {
    const response = await retract({ mediapackage: readSample('download-mediapackage.xml'), channelId: 'never', elementId: 'notes' });
    expect(response.status).toBe(200);
  });
});
