/**
 * HLS (Opencast's AdaptivePlaylist) end to end with Opencast's own fixtures: a master, its
 * variant and the segment file are distributed together, the playlists' references rewritten
 * to the distributed files, and a player that follows them from the master gets the source bytes.
 */
import { randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementToJson, parseElementArray, parseMediaPackage, type MediaPackageElement } from '../../lib/mediapackage/index.ts';
import { readSample } from '../fixtures.ts';
import { fetchRange, walkPlaylist } from '../helpers/hls-walk.ts';
import { jobEnded, jobOf } from '../helpers/jobs.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

const ORG = 'mh_default_org';
const MP = 'd51f9d4e-b5e7-41e0-8640-0d1f43b2fed0';
const mediapackage = readSample('download-hls_1_var_mediapackage.xml');
const MASTER = readSample('download-hls-master.m3u8');
const VARIANT = readSample('download-hls-variant_0.m3u8');
// Long enough for the variant's byte ranges (1319@0, 7258129@1319, 2982424@7259448); random, so
// a range served from the wrong offset can't pass for the right one.
const SEGMENTS = randomBytes(10_242_000);
const ALL = '["master","variant","segments"]';
let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ env: { QUEUE_VISIBILITY_TIMEOUT: '2' } });
  await t.putWorkspaceObject('master.m3u8', MASTER, 'application/x-mpegURL');
  await t.putWorkspaceObject('variant_0.m3u8', VARIANT, 'application/x-mpegURL');
  await t.putWorkspaceObject('file_0.mp4', SEGMENTS, 'video/mp4');
});

afterAll(() => t?.stop());

const post = (path: '/' | '/distributesync', channelId: string, elementId: string) =>
  t.api(path, { method: 'POST', body: t.form({ mediapackage, channelId, elementId }) });

/** What a player sees from the master on: Opencast's rewritten lines, and the source's bytes for every range. */
async function expectPlayable(elements: MediaPackageElement[], channelId: string): Promise<void> {
  const base = `${t.url}/static/${ORG}/${channelId}/${MP}`;
  expect(elements.map((e) => [e.id, e.url])).toEqual([
    ['master', `${base}/master/master.m3u8`],
    ['variant', `${base}/variant/variant_0.m3u8`],
    ['segments', `${base}/segments/file_0.mp4`],
  ]);
  const walk = await walkPlaylist(elements[0]!.url);
  expect(walk.playlists.get(`${base}/master/master.m3u8`)).toBe(MASTER.replace(/^variant_0\.m3u8$/m, '../variant/variant_0.m3u8'));
  expect(walk.playlists.get(`${base}/variant/variant_0.m3u8`)).toBe(VARIANT.replace(/file_0\.mp4/g, '../segments/file_0.mp4'));
  expect(walk.media.map((m) => [m.url, m.offset, m.length])).toEqual([
    [`${base}/segments/file_0.mp4`, 0, 1319],
    [`${base}/segments/file_0.mp4`, 1319, 7258129],
    [`${base}/segments/file_0.mp4`, 7259448, 2982424],
  ]);
  for (const range of walk.media) {
    const { status, body } = await fetchRange(range);
    expect(status).toBe(206);
    expect(body.equals(SEGMENTS.subarray(range.offset, range.offset + range.length))).toBe(true);
  }
}

describe('POST /distributesync with a master, its variant and its segments', () => {
  it('rewrites the references as Opencast does, and a player following them gets the source bytes', async () => {
    const response = await post('/distributesync', 'engage-player', ALL);
    expect(response.status).toBe(200);
    await expectPlayable(parseElementArray(await response.text()), 'engage-player');
  });

  it('answers every element with only its url changed, the playlists keeping their checksum', async () => {
    const response = await post('/distributesync', 'engage-player', ALL);
    const given = parseMediaPackage(mediapackage).elements;
    for (const element of parseElementArray(await response.text())) {
      const original = given.find((e) => e.id === element.id)!;
      expect(elementToJson(element)).toEqual({ ...elementToJson(original), url: element.url });
    }
  });

  it('serves the playlists with the element mimetype', async () => {
    const response = await fetch(`${t.url}/static/${ORG}/engage-player/${MP}/variant/variant_0.m3u8`);
    expect(response.headers.get('content-type')).toBe('application/x-mpegURL');
  });
});

describe('POST / (a job) with the same elements', () => {
  it('keeps the playlists and their segments in one part, ends FINISHED, and is playable', async () => {
    const submitted = await post('/', 'engage-job', ALL);
    expect(submitted.status).toBe(200);
    const { id } = await jobOf(submitted);
    const record = await t.s3.send(new GetObjectCommand({ Bucket: t.env.STATE_BUCKET, Key: `jobs/${id}/job.json` }));
    const { parts } = JSON.parse(await record.Body!.transformToString()) as { parts: string[][] };
    expect(parts.map((part) => [...part].sort())).toEqual([['master', 'segments', 'variant']]);
    const job = await jobEnded(t, id);
    expect(job.status).toBe('FINISHED');
    await expectPlayable(parseElementArray(job.payload!), 'engage-job');
  });
});

describe('a playlist without every file it names', () => {
  it.each([
    ['the segments', '["master","variant"]', 'variant', 'file_0.mp4'],
    ['the variant', '["master","segments"]', 'master', 'variant_0.m3u8'],
  ])('without %s: 400 naming the reference, and nothing written', async (_, elementId, playlist, reference) => {
    for (const path of ['/distributesync', '/'] as const) {
      const response = await post(path, 'incomplete', elementId);
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(
        `The playlist of element "${playlist}" refers to "${reference}", which is not one of the elements requested with it; distribute the playlist together with every file it names.`,
      );
    }
    expect(await t.listDistribution(`${ORG}/incomplete/`)).toEqual([]);
  });
});
