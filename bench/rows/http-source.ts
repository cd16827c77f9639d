/**
 * Row 2: an http source of 1 GiB through the service (HEAD, GET, lib-storage Upload) against a
 * raw lib-storage Upload of the same stream; time and the peak RSS of each side's own process.
 *
 * The source is a node http server in this (otherwise idle) process that writes one reused
 * chunk again and again with back-pressure, with Content-Length and an ETag as a file server
 * sends them; nothing beyond that chunk is held in memory.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startChild } from '../lib/child.ts';
import { BUCKETS, deletePrefix, functionEnv, generatedStream, mediapackageXml, ORGANIZATION, setupClient } from '../lib/env.ts';
import { formatBytes, formatMs, interleave, median, sizeLabel, summarize, type Sample } from '../lib/stats.ts';
import { syncDisks } from './s3-copy.ts';
import { FLOOR_TARGET, type Line, type RowResult } from '../lib/table.ts';
import path from 'node:path';

export interface HttpSourceOptions {
  tmp: string;
  bytes: number;
  reps: number;
}

type Side = 'service' | 'raw';

async function startSource(bytes: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-length': String(bytes), 'content-type': 'video/mp4', etag: `"bench-${bytes}"` });
    if (req.method === 'HEAD') return void res.end();
    generatedStream(bytes, 64 * 1024).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/source/media.mp4`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function httpSourceRow(options: HttpSourceOptions): Promise<RowResult> {
  const emulator = await startChild('bench/children/s3-emulator.ts', { env: { BENCH_S3_DIR: path.join(options.tmp, 's3-http') } });
  const endpoint = await emulator.call<string>('endpoint');
  const setup = setupClient(endpoint);
  const source = await startSource(options.bytes);
  const env = functionEnv(endpoint);
  const channel = (side: Side, rep: number) => `${side}-${rep < 0 ? `warmup${-rep}` : rep}`;
  try {
    const run = async (side: Side, rep: number): Promise<Sample> => {
      const child = await startChild('bench/children/http-upload.ts', { env });
      try {
        const result =
          side === 'service'
            ? await child.call<Sample>('service', {
                mediapackage: mediapackageXml('bench-mp', [{ id: 'track-1', url: source.url }]),
                channelId: channel(side, rep),
                elementId: 'track-1',
              })
            : await child.call<Sample>('raw', {
                url: source.url,
                bucket: BUCKETS.distribution,
                key: `${ORGANIZATION}/${channel(side, rep)}/bench-mp/track-1/media.mp4`,
              });
        const { maxRssKiB } = await child.stop();
        return { ...result, rssBytes: maxRssKiB * 1024 };
      } catch (error) {
        await child.stop();
        throw error;
      }
    };
    const after = async (side: Side, rep: number) => {
      await deletePrefix(setup, BUCKETS.distribution, `${ORGANIZATION}/${channel(side, rep)}/`);
      syncDisks();
    };
    const runs = await interleave(['service', 'raw'] as const, options.reps, run, { after, label: `row 2 ${sizeLabel(options.bytes)}` });

    // What a child holds before it does anything: node, tsx and the bench's own helpers.
    const idle = await startChild('bench/children/http-upload.ts', { env });
    const idleRss = (await idle.stop()).maxRssKiB * 1024;

    const rss = (side: Side) => runs[side].map((s) => ({ cost: s.rssBytes as number }));
    const label = sizeLabel(options.bytes);
    const lines: Line[] = [
      {
        id: '2',
        measure: `HTTP ${label} → S3, distribute()`,
        baselineName: 'raw GET→Upload',
        service: formatMs(median(runs.service.map((s) => s.cost))),
        baseline: formatMs(median(runs.raw.map((s) => s.cost))),
        summary: summarize(runs.service, runs.raw),
        target: FLOOR_TARGET,
      },
      {
        id: '2',
        measure: `HTTP ${label} → S3, peak RSS of the process`,
        baselineName: 'raw GET→Upload',
        service: formatBytes(median(rss('service').map((s) => s.cost))),
        baseline: formatBytes(median(rss('raw').map((s) => s.cost))),
        summary: summarize(rss('service'), rss('raw')),
        target: FLOOR_TARGET,
      },
    ];
    const serviceRss = median(rss('service').map((s) => s.cost));
    const rawRss = median(rss('raw').map((s) => s.cost));
    const notes = [
      `Peak RSS is each side's own child process (process.resourceUsage().maxRSS at exit); an idle child (node, tsx, ` +
        `the bench's IPC helper) peaks at ${formatBytes(idleRss)}, so the upload itself costs about ` +
        `${formatBytes(serviceRss - idleRss)} (service) and ${formatBytes(rawRss - idleRss)} (raw) for ${label}: ` +
        `bounded by lib-storage's queue (8 parts × 8 MiB in flight, plus the part being filled), not by the size of the source.`,
    ];
    return { lines, notes };
  } finally {
    await source.close();
    setup.destroy();
    await emulator.stop();
  }
}
