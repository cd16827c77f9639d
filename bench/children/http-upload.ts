/**
 * Row 2, one side per process: a fresh child for every run, so its peak RSS
 * (process.resourceUsage().maxRSS, read by `exit`) is that side's alone.
 *
 * - service: the distribute use case with an http(s) element (lib/distribution/http-source.ts
 *            HEADs and opens the source, the S3ObjectStore streams it into lib-storage's Upload).
 * - raw:     http.get of the same URL piped into lib-storage's Upload with the same client
 *            settings, part size and queue size.
 *
 * Modules are imported by the `service` / `raw` calls themselves, before the clock starts, so
 * each side holds only what it needs.
 */
import http from 'node:http';
import { serve } from '../lib/child.ts';
import { MiB } from '../lib/stats.ts';

serve({
  async service(args: { mediapackage: string; channelId: string; elementId: string }) {
    const { deps } = await import('../../lib/aws/deps.ts');
    const { distribute } = await import('../../lib/distribution/distribute.ts');
    const { readDistributeRequest } = await import('../../lib/http/requests.ts');
    const start = performance.now();
    const request = readDistributeRequest({ ...args, elementId: JSON.stringify([args.elementId]), checkAvailability: 'false' });
    await distribute(deps, request);
    return { cost: performance.now() - start };
  },

  async raw(args: { url: string; bucket: string; key: string }) {
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { Upload } = await import('@aws-sdk/lib-storage');
    const { s3ClientConfig } = await import('../../lib/aws/clients.ts');
    const { config } = await import('../../lib/config.ts');
    const client = new S3Client(s3ClientConfig(config()));
    const start = performance.now();
    const body = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(args.url, resolve).on('error', reject);
    });
    if (body.statusCode !== 200) throw new Error(`GET ${args.url}: ${body.statusCode}`);
    // lib/aws/s3-store.ts: 8 MiB parts, partConcurrency (8) at a time.
    await new Upload({
      client,
      params: { Bucket: args.bucket, Key: args.key, Body: body, ContentType: 'video/mp4' },
      partSize: 8 * MiB,
      queueSize: 8,
      leavePartsOnError: false,
    }).done();
    return { cost: performance.now() - start };
  },
});
