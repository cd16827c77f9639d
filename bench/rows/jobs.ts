/**
 * Row 3: N asynchronous jobs through the local stack (gateway → submit → SQS → poller → worker →
 * state bucket), against the raw send + receive + delete rate of the same SQS emulator.
 *
 * Each repetition starts a fresh stack (its own DATA_DIR): s3rver lists a prefix by reading the
 * directories above it, so thousands of earlier jobs in the state bucket would slow later
 * repetitions down, an emulator artifact that S3 does not have. Within a repetition the raw run
 * and the service run take turns going first; a few untimed jobs and messages warm the stack.
 */
import path from 'node:path';
import { startChild, type Child } from '../lib/child.ts';
import { describeCounts } from '../lib/count.ts';
import { mapLimit } from '../../lib/concurrency.ts';
import { BUCKETS, mediapackageXml, putGenerated, setupClient } from '../lib/env.ts';
import { formatBytes, formatMs, interleave, median, progress, rotation, summarize, type Sample } from '../lib/stats.ts';
import { FLOOR_TARGET, type Line, type RowResult } from '../lib/table.ts';

export interface JobsOptions {
  tmp: string;
  jobs: number;
  reps: number;
}

type Side = 'service' | 'raw';
const WARMUP = 20;
const SOURCE_KEY = 'bench/job/media.mp4';

interface StackInfo {
  url: string;
  s3Endpoint: string;
  sqsEndpoint: string;
  env: Record<string, string>;
  queueUrls: { jobs: string };
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

type Counts = { s3: Record<string, number>; sqs: Record<string, number>; errors: Record<string, number>; cpuShare: number };

export async function jobsRow(options: JobsOptions): Promise<RowResult> {
  const runs: Record<Side, Sample[]> = { service: [], raw: [] };
  for (let rep = 0; rep < options.reps; rep++) {
    const stack = await startChild('bench/children/stack.ts', { env: { BENCH_STACK_DIR: path.join(options.tmp, `stack-${rep}`) } });
    let client: Child | undefined;
    try {
      const info = await stack.call<StackInfo>('info');
      const setup = setupClient(info.s3Endpoint);
      await putGenerated(setup, BUCKETS.workspace, SOURCE_KEY, 1024);
      setup.destroy();
      client = await startChild('bench/children/jobs-client.ts', { env: info.env });
      const rawQueue = await client.call<string>('createQueue', { name: 'bench-raw' });
      const service = async (count: number, channelId: string): Promise<Sample> => {
        await stack.call('counts');
        const submitted = await client!.call<Record<string, number>>('submit', {
          url: info.url,
          token: 'bench-token',
          count,
          channelId,
          jobsQueueUrl: info.queueUrls.jobs,
          sourceUrl: SOURCE_KEY,
        });
        const work = await stack.call<Counts>('counts');
        const polled = await client!.call<Sample>('poll');
        const polling = await stack.call<Counts>('counts');
        return { ...submitted, ...polled, work, polling };
      };
      const run = (side: Side, count: number, channelId: string) =>
        side === 'raw' ? client!.call<Sample>('raw', { queueUrl: rawQueue, count }) : service(count, channelId);
      await run('raw', WARMUP, 'warmup');
      await run('service', WARMUP, 'warmup');
      for (const side of rotation(['raw', 'service'] as const, rep)) {
        const sample = await run(side, options.jobs, `jobs-${rep}`);
        runs[side].push(sample);
        progress(`row 3 ${options.jobs} jobs: rep ${rep + 1}/${options.reps} ${side} ${(sample.perSecond as number).toFixed(0)}/s`);
      }
    } finally {
      await client?.stop();
      await stack.stop();
    }
  }

  const sum = (key: string) => runs.service.reduce((total, sample) => total + (sample[key] as number), 0);
  const rate = (side: Side) => median(runs[side].map((s) => s.perSecond as number));
  const lines: Line[] = [
    {
      id: '3',
      measure: `${options.jobs} jobs at once, POST / → FINISHED`,
      baselineName: 'SQS send+receive+delete',
      service: `${rate('service').toFixed(0)} jobs/s`,
      baseline: `${rate('raw').toFixed(0)} msg/s`,
      summary: summarize(runs.service, runs.raw),
      target: FLOOR_TARGET,
    },
  ];
  const first = runs.service[0]!;
  const work = first.work as Counts;
  const polling = first.polling as Counts;
  const perJob = (counts: Record<string, number>) =>
    describeCounts(Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, Number((n / (first.submitted as number)).toFixed(2))])));
  const unavailable = new Map<string, number>();
  const errors = new Map<string, number>();
  for (const sample of runs.service) {
    for (const [reason, n] of Object.entries(sample.unavailable as Record<string, number>)) unavailable.set(reason, (unavailable.get(reason) ?? 0) + n);
    for (const [error, n] of Object.entries((sample.work as Counts).errors)) {
      // A 404 is an answer, not a failure: putIfAbsent and the target HEAD expect it.
      if (!/ (NotFound|NoSuchKey)$/.test(error)) errors.set(error, (errors.get(error) ?? 0) + n);
    }
  }
  const list = (map: Map<string, number>) => [...map].map(([what, n]) => `${n} × ${what.replace(/\.$/, '')}`).join('; ');
  const timeouts = [...errors.keys()].some((error) => error.endsWith('TimeoutError'));
  const notes = [
    `Finished ${runs.service.map((s) => s.finished).join(', ')} of ${options.jobs} (per repetition); refused ${sum('refused')}, failed ${sum('failed')}, ` +
      `lost (accepted, never FINISHED or FAILED) ${sum('lost')}. Jobs were submitted all at once, checkAvailability=false, and polled to FINISHED ` +
      `once the jobs queue was empty. The rate runs from the first POST to the last job's dateCompleted (rep 1: ${formatMs(first.submitMs as number)} ` +
      `until every job was accepted, ${formatMs(first.cost as number)} to the last completion); the raw rate from the first send to the last delete.`,
    unavailable.size === 0
      ? 'No submission was answered 503.'
      : `Submissions answered 503 and sent again after Retry-After (the rate includes the wait): ${list(unavailable)}. ` +
        `The functions' failed requests behind them: ${list(errors) || 'none counted'}.` +
        (timeouts
          ? ` Not an outage: lib/aws/clients.ts gives the SDK a connectionTimeout (10 s on the local stack), and @smithy/node-http-handler ` +
            `counts it from the moment the request is made, so a request that waits that long for one of the client's sockets (S3: ` +
            `maxSockets 256; SQS: the default) or for the busy event loop to see its connection fails with TimeoutError, which ` +
            `lib/aws/errors.ts turns into "Storage is unreachable" (503). On the local stack every concurrent invocation shares one client ` +
            `and one event loop; in AWS each invocation has its own. Fix: a longer connectionTimeout for emulator endpoints, or a cap on ` +
            `concurrent invocations per function in infra/local/gateway.ts, as Lambda's concurrency would queue them.`
          : ''),
    `Requests per accepted job, submission + worker (rep 1): S3 ${perJob(work.s3)}; SQS ${perJob(work.sqs)}; reading a finished job: S3 ${perJob(polling.s3)}. ` +
      `The stack process (gateway, handlers, s3rver, SQS emulator, pollers: one event loop) used ${(work.cpuShare * 100).toFixed(0)}% of a core ` +
      `while the jobs ran: the service is bound by that process's CPU, not by the queue, which moves ${rate('raw').toFixed(0)} messages/s at 3 requests each. ` +
      `A one-element job costs 9 S3 requests here: HEAD source and HEAD + PUT of the record at submission (the HEAD in ` +
      `S3ObjectStore.putIfAbsent is made for emulators only, which lack If-None-Match; on S3 the conditional PUT alone is atomic, ` +
      `so 8 there), then in the worker LIST (hasResult, for duplicate deliveries), PUT started marker, HEAD source again (the ` +
      `worker plans again: the source may have changed since submission), HEAD target (the unchanged check), CopyObject, PUT result; ` +
      `the worker reads no record (its message carries its elements). The 1.2× target against a bare queue (3 requests per ` +
      `message, no storage) is out of reach for any job that keeps its state in S3: what remains is the state (record, marker, ` +
      `result), the work (copy), and the two checks that make a retry safe and a repeat free.`,
  ];
  return { lines, notes };
}

export interface BigJobOptions {
  tmp: string;
  elements: number;
  reps: number;
}

/**
 * Row 3b: one job that names every element of an N-element mediapackage, against the same
 * request to POST /distributesync on the same stack: the queue's fan-out (one part per element)
 * should cost little more than doing the work at once.
 */
export async function bigJobRow(options: BigJobOptions): Promise<RowResult> {
  const stack = await startChild('bench/children/stack.ts', { env: { BENCH_STACK_DIR: path.join(options.tmp, 'stack-big-job') } });
  let client: Child | undefined;
  try {
    const info = await stack.call<StackInfo>('info');
    const tracks = Array.from({ length: options.elements }, (_, i) => ({ id: `t${i}`, url: `bench/big-job/${i}.mp4` }));
    const setup = setupClient(info.s3Endpoint);
    await mapLimit(tracks, 8, (track) => putGenerated(setup, BUCKETS.workspace, track.url, 1024));
    setup.destroy();
    client = await startChild('bench/children/jobs-client.ts', { env: info.env });
    const xml = mediapackageXml('bench-big-job', tracks);
    const form = (channelId: string, count = tracks.length) => ({
      mediapackage: count === tracks.length ? xml : mediapackageXml('bench-big-job', tracks.slice(0, count)),
      channelId,
      elementId: JSON.stringify(tracks.slice(0, count).map((track) => track.id)),
      checkAvailability: 'false',
    });
    const counts: Counts[] = [];
    const call = async (side: 'service' | 'sync', channelId: string, count?: number): Promise<Sample> => {
      const args = { url: info.url, token: 'bench-token', form: form(channelId, count) };
      if (side === 'sync') return client!.call<Sample>('sync', args);
      await stack.call('counts');
      const job = await client!.call<{ id: string; startedAt: number }>('bigJobSubmit', { ...args, jobsQueueUrl: info.queueUrls.jobs });
      counts.push(await stack.call<Counts>('counts'));
      return client!.call<Sample>('bigJobResult', { ...args, ...job });
    };
    await call('sync', 'warmup-sync', 10);
    await call('service', 'warmup-async', 10);
    counts.length = 0;
    const runs = await interleave(['service', 'sync'] as const, options.reps, (side, rep) => call(side, `${side}-${rep}`), {
      label: `row 3b ${options.elements}-element job`,
    });
    const parseMs = await client.call<number>('parseMs', { xml });
    const service = median(runs.service.map((s) => s.cost));
    const gets = counts[0]!.s3.GetObjectCommand ?? 0;
    return {
      lines: [
        {
          id: '3b',
          measure: `1 job of ${options.elements} elements, POST / → FINISHED`,
          baselineName: 'POST /distributesync, same request',
          service: formatMs(service),
          baseline: formatMs(median(runs.sync.map((s) => s.cost))),
          summary: summarize(runs.service, runs.sync),
          target: FLOOR_TARGET,
        },
      ],
      notes: [
        `Small elements share a queue message (lib/jobs/parts.ts: up to 25 per part, under 100 MiB together; a large one travels ` +
          `alone), and each message carries its elements' XML, so a worker reads no job record and parses only its part ` +
          `(${gets} reads of the record holding the ${formatBytes(Buffer.byteLength(xml))} mediapackage; parsing all of it takes ` +
          `${formatMs(parseMs)}). Submission and work sent S3 ${describeCounts(counts[0]!.s3)} (rep 1): ` +
          `${(total(counts[0]!.s3) / options.elements).toFixed(1)} requests per element where the sync route sends about 1 ` +
          `(its lookups are listings too). What the job pays on top of the sync route: planning twice (at submission, so a bad ` +
          `request creates no job, and in the worker, since sources may change in between), the per-part state (result LIST, started ` +
          `marker, result), the queue round trips, and polling; a job of a few parts runs them one after another on this stack's ` +
          `single process, where in AWS each part has a Lambda of its own.`,
      ],
    };
  } finally {
    await client?.stop();
    await stack.stop();
  }
}
