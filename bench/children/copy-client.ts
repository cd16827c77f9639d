/**
 * Row 1, client side: the three ways to get S3 objects into the distribution bucket, in one
 * process with the function's own configuration, so all three use the same SDK client settings
 * (lib/aws/clients.ts) and the same concurrency (COPY_CONCURRENCY).
 *
 * - service:  the distribute use case (planDistribution + executePlan, which is all distribute()
 *             does) with the real S3ObjectStore from lib/aws/deps.ts, request read from form
 *             fields as the distributeSync handler reads it.
 * - floor:    one CopyObject per object, the same request the service's copy sends (lib/aws/s3-store.ts).
 * - opencast: what Opencast's AwsS3DistributionServiceImpl does: the file is fetched to local
 *             disk (the workspace), then uploaded (TransferManager → here lib-storage Upload).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { s3, s3ClientConfig } from '../../lib/aws/clients.ts';
import { deps } from '../../lib/aws/deps.ts';
import { copySource } from '../../lib/aws/s3-store.ts';
import { mapLimit } from '../../lib/concurrency.ts';
import { config } from '../../lib/config.ts';
import { executePlan, planDistribution } from '../../lib/distribution/distribute.ts';
import { readDistributeRequest } from '../../lib/http/requests.ts';
import { serve } from '../lib/child.ts';
import { countCommands } from '../lib/count.ts';
import { BUCKETS } from '../lib/env.ts';
import { MiB } from '../lib/stats.ts';

const cfg = config();
const serviceRequests = countCommands(s3);
// Same settings, own connection pool, not counted as the service's.
const client = new S3Client(s3ClientConfig(cfg));
const baselineRequests = countCommands(client);
/** lib/aws/s3-store.ts uploads in 8 MiB parts, `partConcurrency` (8, lib/aws/deps.ts) at a time. */
const UPLOAD = { partSize: 8 * MiB, queueSize: 8 };

export interface CopyItem {
  sourceKey: string;
  targetKey: string;
  contentType: string;
  etag: string;
}

serve({
  async service(args: { mediapackage: string; channelId: string; elementIds: string[] }) {
    serviceRequests.reset();
    const start = performance.now();
    const request = readDistributeRequest({
      mediapackage: args.mediapackage,
      channelId: args.channelId,
      elementId: JSON.stringify(args.elementIds),
      checkAvailability: 'false',
    });
    const plan = await planDistribution(deps, request);
    const planned = performance.now();
    const elements = await executePlan(deps, plan);
    const end = performance.now();
    if (elements.length !== args.elementIds.length) throw new Error(`distributed ${elements.length} of ${args.elementIds.length}`);
    return { cost: end - start, planMs: planned - start, executeMs: end - planned, requests: serviceRequests.reset().counts };
  },

  async floor(args: { items: CopyItem[] }) {
    baselineRequests.reset();
    const start = performance.now();
    await mapLimit(args.items, cfg.copyConcurrency, (item) =>
      client.send(
        new CopyObjectCommand({
          Bucket: BUCKETS.distribution,
          Key: item.targetKey,
          CopySource: copySource({ bucket: BUCKETS.workspace, key: item.sourceKey }, 'uri'),
          CopySourceIfMatch: item.etag,
          MetadataDirective: 'REPLACE',
          TaggingDirective: 'REPLACE',
          ContentType: item.contentType,
          Metadata: { 'source-etag': item.etag },
        }),
      ),
    );
    return { cost: performance.now() - start, requests: baselineRequests.reset().counts };
  },

  async opencast(args: { items: CopyItem[]; tmpDir: string }) {
    baselineRequests.reset();
    const files: string[] = [];
    const start = performance.now();
    await mapLimit(args.items, cfg.copyConcurrency, async (item, index) => {
      const file = path.join(args.tmpDir, `workspace-${index}-${path.basename(item.sourceKey)}`);
      files.push(file);
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKETS.workspace, Key: item.sourceKey }));
      await pipeline(object.Body as Readable, createWriteStream(file));
      await new Upload({
        client,
        params: { Bucket: BUCKETS.distribution, Key: item.targetKey, Body: createReadStream(file), ContentType: item.contentType },
        ...UPLOAD,
        leavePartsOnError: false,
      }).done();
    });
    const cost = performance.now() - start;
    // Opencast's workspace keeps its copy; deleting it is not part of the distribution.
    await Promise.all(files.map((file) => rm(file, { force: true })));
    return { cost, requests: baselineRequests.reset().counts };
  },
});
