/**
 * GET /distributions/{channelId}/{mediapackageId+} end to end: what distribute and retract did,
 * read back through the gateway adapter, as JSON and as XML.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVENTORY_NAMESPACE, type Inventory } from '../../lib/distribution/inventory.ts';
import { mediapackageXml } from '../helpers/mediapackage.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

const ORG = 'mh_default_org';
const CHANNEL = 'engage-player';
let t: TestStack;

const elements = [
  { id: 'track-1', url: 'talk.mp4' },
  { id: 'catalog-1', kind: 'catalog' as const, url: 'episode.xml', mimetype: 'text/xml' },
];

beforeAll(async () => {
  t = await startTestStack();
  await t.putWorkspaceObject('talk.mp4', 'twelve bytes', 'video/mp4');
  await t.putWorkspaceObject('episode.xml', '<dublincore/>', 'text/xml');
  for (const mediapackageId of ['10.0000/1', '10.0000/1/2']) {
    const response = await t.api('/distributesync', {
      method: 'POST',
      body: t.form({ mediapackage: mediapackageXml(mediapackageId, elements), channelId: CHANNEL, elementId: '["track-1","catalog-1"]' }),
    });
    expect(response.status).toBe(200);
  }
});
afterAll(() => t?.stop());

const get = (path: string, accept?: string) => t.api(`/distributions/${path}`, accept ? { headers: { accept } } : {});
const staticUrl = (key: string) => `${t.url}/static/${key}`;

describe('GET /distributions/{channelId}/{mediapackageId}', () => {
  it('lists the distributed elements with their files, sizes and working URLs, not those of a longer id', async () => {
    const response = await get(`${CHANNEL}/10.0000/1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Inventory;
    const prefix = `${ORG}/${CHANNEL}/10.0000/1`;
    expect(body).toEqual({
      organization: ORG,
      channelId: CHANNEL,
      mediapackageId: '10.0000/1',
      elements: [
        { id: 'catalog-1', files: [{ name: 'episode.xml', key: `${prefix}/catalog-1/episode.xml`, size: 13, url: staticUrl(`${prefix}/catalog-1/episode.xml`), lastModified: expect.any(String) }] },
        { id: 'track-1', files: [{ name: 'talk.mp4', key: `${prefix}/track-1/talk.mp4`, size: 12, url: staticUrl(`${prefix}/track-1/talk.mp4`), lastModified: expect.any(String) }] },
      ],
    });
    expect(await (await fetch(body.elements[1]!.files[0]!.url)).text()).toBe('twelve bytes');
  });

  it('takes the mediapackage id with its / percent-encoded as well', async () => {
    const plain = (await (await get(`${CHANNEL}/10.0000/1/2`)).json()) as Inventory;
    expect(plain.mediapackageId).toBe('10.0000/1/2');
    expect(plain.elements.map((e) => e.id)).toEqual(['catalog-1', 'track-1']);
    expect(await (await get(`${CHANNEL}/${encodeURIComponent('10.0000/1/2')}`)).json()).toEqual(plain);
  });

  it('answers namespaced XML to a client that prefers it', async () => {
    for (const accept of ['text/xml', 'application/xml, application/json;q=0.5']) {
      const response = await get(`${CHANNEL}/10.0000/1`, accept);
      expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
      const { distribution } = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await response.text());
      expect(distribution).toMatchObject({ xmlns: INVENTORY_NAMESPACE, organization: ORG, channel: CHANNEL, mediapackage: '10.0000/1' });
      expect(distribution.element.map((e: { id: string }) => e.id)).toEqual(['catalog-1', 'track-1']);
    }
    const json = await get(`${CHANNEL}/10.0000/1`, 'text/xml;q=0.5, application/json');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('shows what a retraction left', async () => {
    const response = await t.api('/retractsync', {
      method: 'POST',
      body: t.form({ mediapackage: mediapackageXml('10.0000/1', elements), channelId: CHANNEL, elementId: 'track-1' }),
    });
    expect(response.status).toBe(200);
    const body = (await (await get(`${CHANNEL}/10.0000/1`)).json()) as Inventory;
    expect(body.elements.map((e) => e.id)).toEqual(['catalog-1']);
  });

  it('is empty for what was never distributed', async () => {
    const response = await get('other-channel/10.0000/1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ organization: ORG, channelId: 'other-channel', mediapackageId: '10.0000/1', elements: [] });
  });

  it('answers 401 without the token', async () => {
    const response = await fetch(`${t.url}/distributions/${CHANNEL}/10.0000/1`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    ['a backslash', 'a%5Cb', /backslash/],
    ['an empty segment', '10.0000//1', /empty path segment/],
    ['a control character', 'a%01b', /control character/],
    ['a / in the channel id', undefined, /channelId "a\/b" is not allowed/],
  ])('answers 400 for an id with %s', async (_, mediapackageId, reason) => {
    const response = await get(mediapackageId === undefined ? 'a%2Fb/mp' : `${CHANNEL}/${mediapackageId}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(reason);
  });
});
