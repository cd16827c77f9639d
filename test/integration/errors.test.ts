/**
 * Every client-facing error row of the contract, once, through the gateway: each answer is one
 * sentence naming the problem, and nothing is written to the distribution bucket.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readSample } from '../fixtures.ts';
import { startSourceServer, type SourceServer } from '../helpers/http-source.ts';
import { mediapackageXml } from '../helpers/mediapackage.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let t: TestStack;
let source: SourceServer;
const mediapackage = readSample('download-mediapackage.xml');
const valid = { mediapackage, channelId: 'engage-player', elementId: 'track-1' };

beforeAll(async () => {
  t = await startTestStack();
  source = await startSourceServer({ '/broken.mp4': { status: 503 }, '/ok.mp4': { body: 'ok' } });
  await t.putWorkspaceObject('media.mov', 'movie', 'video/quicktime');
});

afterAll(async () => {
  await source?.close();
  await t?.stop();
});

afterEach(async () => {
  expect(await t.listDistribution()).toEqual([]);
});

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.api(path, { method: 'POST', body: t.form(fields), headers });

async function expectError(response: Response, status: number, message: RegExp) {
  const body = await response.text();
  expect({ status: response.status, body }).toMatchObject({ status, body: expect.stringMatching(message) });
  expect(body).not.toMatch(/\n\s+at /);
}

describe('400: the request names something wrong', () => {
  it.each([
    ['missing channelId', { ...valid, channelId: '' }, /"channelId" is required/],
    ['missing mediapackage', { channelId: 'c', elementId: 'track-1' }, /"mediapackage" is required/],
    ['missing elementId', { mediapackage, channelId: 'c' }, /elementId/],
    ['malformed elementId array', { ...valid, elementId: '["track-1"' }, /elementId/],
    ['malformed XML', { ...valid, mediapackage: '<mediapackage id="x"><media>' }, /not well-formed|line/i],
    ['hostile XML', { ...valid, mediapackage: '<!DOCTYPE x [<!ENTITY a "aaaa">]><mediapackage id="x"/>' }, /DOCTYPE/],
    ['unknown element id', { ...valid, elementId: '["track-1","nope"]' }, /no element with the id "nope"/],
    ['unsafe channel id', { ...valid, channelId: '..' }, /channelId "\.\." is not allowed/],
    ['unsafe element id', { ...valid, mediapackage: mediapackageXml('mp', [{ id: 'a\\b', url: 'media.mov' }]), elementId: 'a\\b' }, /backslash/],
    ['unsafe mediapackage id', { ...valid, mediapackage: mediapackageXml('a/../b', [{ id: 't', url: 'media.mov' }]), elementId: 't' }, /mediapackage id/],
    ['a file: source', { ...valid, mediapackage: mediapackageXml('mp', [{ id: 't', url: 'file:///etc/passwd' }]), elementId: 't' }, /"file:" url/],
    ['a source host not allowed', { ...valid, mediapackage: mediapackageXml('mp', [{ id: 't', url: 'http://169.254.169.254/latest/meta-data/x' }]), elementId: 't' }, /not allowed/],
    ['a source bucket not allowed', { ...valid, mediapackage: mediapackageXml('mp', [{ id: 't', url: 's3://distribution/x.mp4' }]), elementId: 't' }, /not an allowed source bucket/],
    ['a missing s3 source', { ...valid, mediapackage: mediapackageXml('mp', [{ id: 't', url: 'missing.mov' }]), elementId: 't' }, /was not found: s3:\/\/workspace\/missing.mov/],
    ['a bad checkAvailability', { ...valid, checkAvailability: 'maybe' }, /"checkAvailability" must be true or false/],
  ])('%s', async (_, fields, message) => {
    await expectError(await post('/distributesync', fields), 400, message);
  });

  it('a missing http source', async () => {
    const mp = mediapackageXml('mp', [{ id: 't', url: `${source.origin}/missing.mp4` }]);
    await expectError(await post('/distributesync', { ...valid, mediapackage: mp, elementId: 't' }), 400, /was not found \(404\)/);
  });

  it('the whole request fails when one of several sources is missing, and nothing is copied', async () => {
    const mp = mediapackageXml('mp', [
      { id: 'good', url: 'media.mov' },
      { id: 'bad', url: 'missing.mov' },
    ]);
    await expectError(await post('/distributesync', { ...valid, mediapackage: mp, elementId: '["good","bad"]' }), 400, /"bad"/);
  });

  it('the async route refuses the same request without creating a job', async () => {
    await expectError(await post('/', { ...valid, elementId: 'nope' }), 400, /no element with the id "nope"/);
  });

  it('JSON error bodies when asked', async () => {
    const response = await post('/retractsync', { ...valid, channelId: '' }, { accept: 'application/json' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ status: 400, message: 'The form parameter "channelId" is required.' });
  });
});

describe('401, 404, 413, 415, 502', () => {
  it('401 without a token, and with a wrong one', async () => {
    await expectError(await t.api('/distributesync', { method: 'POST', body: t.form(valid), headers: { authorization: '' } }), 401, /Authorization: Bearer/);
    await expectError(await t.api('/retractsync', { method: 'POST', body: t.form(valid), headers: { authorization: 'Bearer wrong' } }), 401, /not valid/);
  });

  it('404 for an unknown route, pointing at /docs', async () => {
    await expectError(await t.api('/nowhere'), 404, /no route GET \/nowhere.*\/docs/);
  });

  it('404 for an unknown job', async () => {
    await expectError(await t.api('/jobs/123456.xml'), 404, /no job with the id "123456"/);
  });

  it('413 for a body over 10 MiB', async () => {
    const response = await post('/distributesync', { ...valid, mediapackage: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/10 MiB/);
  });

  it('415 for a JSON body', async () => {
    const response = await t.api('/distributesync', { method: 'POST', body: JSON.stringify(valid), headers: { 'content-type': 'application/json' } });
    await expectError(response, 415, /must be application\/x-www-form-urlencoded or multipart\/form-data/);
  });

  it('502 when an allowed source server fails', async () => {
    const mp = mediapackageXml('mp', [{ id: 't', url: `${source.origin}/broken.mp4` }]);
    await expectError(await post('/distributesync', { ...valid, mediapackage: mp, elementId: 't' }), 502, /answered 503/);
  });
});
