/**
 * Row 3, client side, in one process for both sides:
 *
 * - service: N jobs (POST /, one small element each) submitted at once to the local stack's
 *            gateway, then, once the jobs queue is empty, every job polled (GET /jobs/{id}.json)
 *            until FINISHED; each one counted.
 * - raw:     N messages through the same SQS emulator as the stack's jobs take: sent one per
 *            SendMessageBatch with the functions' own SQS client (as a one-part job is queued),
 *            received in batches of the worker's batch size and deleted with DeleteMessageBatch
 *            with the poller's client settings and loop (short polls, 200 ms pause when empty,
 *            at most POLLER_CONCURRENCY batches in flight).
 */
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { sqs } from '../../lib/aws/clients.ts';
import { parseMediaPackage } from '../../lib/mediapackage/index.ts';
import { mapLimit } from '../../lib/concurrency.ts';
import { queueConsumers } from '../../lib/routes.ts';
import { localSqsClient } from '../../infra/local/aws.ts';
import { serve } from '../lib/child.ts';

const env = process.env;
const poller = localSqsClient({
  endpoint: env.SQS_ENDPOINT!,
  region: env.AWS_REGION ?? 'us-east-1',
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
});
const worker = queueConsumers.find((consumer) => consumer.name === 'worker')!;
const BATCH = Math.min(worker.batchSize, 10);
const POLLERS = Number(env.POLLER_CONCURRENCY ?? 4);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function queueDepth(queueUrl: string): Promise<number> {
  const { Attributes = {} } = await poller.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

let submission: { url: string; headers: Record<string, string>; startedAt: number; ids: string[]; refused: string[] } | undefined;

interface JobJson {
  job: { id: number; status: string; dateCompleted?: string; payload?: string };
}

serve({
  async createQueue(args: { name: string }) {
    const out = await poller.send(new CreateQueueCommand({ QueueName: args.name }));
    return out.QueueUrl;
  },

  async raw(args: { queueUrl: string; count: number }) {
    const start = performance.now();
    const sending = Promise.all(
      Array.from({ length: args.count }, (_, i) =>
        sqs.send(new SendMessageBatchCommand({ QueueUrl: args.queueUrl, Entries: [{ Id: '0', MessageBody: JSON.stringify({ jobId: String(i + 1), part: 0 }) }] })),
      ),
    );
    const seen = new Set<string>();
    const inFlight = new Set<Promise<unknown>>();
    let receives = 0;
    while (seen.size < args.count) {
      if (inFlight.size >= POLLERS) {
        await Promise.race(inFlight);
        continue;
      }
      receives++;
      const { Messages = [] } = await poller.send(
        new ReceiveMessageCommand({
          QueueUrl: args.queueUrl,
          MaxNumberOfMessages: BATCH,
          WaitTimeSeconds: 0,
          AttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) {
        await sleep(200);
        continue;
      }
      for (const message of Messages) seen.add(message.MessageId!);
      const deleting: Promise<unknown> = poller
        .send(
          new DeleteMessageBatchCommand({
            QueueUrl: args.queueUrl,
            Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle! })),
          }),
        )
        .finally(() => inFlight.delete(deleting));
      inFlight.add(deleting);
    }
    await sending;
    await Promise.all(inFlight);
    const ms = performance.now() - start;
    return { cost: ms, received: seen.size, receives, perSecond: (seen.size / ms) * 1000 };
  },

  /** Submits every job at once and waits until the jobs queue is empty. */
  async submit(args: { url: string; token: string; count: number; channelId: string; jobsQueueUrl: string; sourceUrl: string }) {
    const form = (i: number) =>
      new URLSearchParams({
        mediapackage:
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
          `<mediapackage xmlns="http://mediapackage.opencastproject.org" id="bench-${args.channelId}-${i}"><media>` +
          `<track id="track-1" type="presenter/source"><mimetype>video/mp4</mimetype><url>${args.sourceUrl}</url></track>` +
          '</media></mediapackage>',
        channelId: args.channelId,
        elementId: 'track-1',
        checkAvailability: 'false',
      });
    const headers = { authorization: `Bearer ${args.token}`, accept: 'application/json' };
    const startedAt = Date.now();
    const start = performance.now();
    // A 503 carries Retry-After: a client does as told and submits again, up to 5 times; the
    // 503s are counted. Any other refusal is final.
    const unavailable: Record<string, number> = {};
    const submitted = await Promise.all(
      Array.from({ length: args.count }, async (_, i) => {
        for (let attempt = 1; ; attempt++) {
          const res = await fetch(`${args.url}/`, { method: 'POST', headers, body: form(i) });
          const text = await res.text();
          if (res.status === 200) return { id: String((JSON.parse(text) as JobJson).job.id) };
          if (res.status !== 503 || attempt === 5) return { error: `${res.status} ${text.slice(0, 200)}` };
          const reason = ((JSON.parse(text) as { message?: string }).message ?? text).slice(0, 120);
          unavailable[reason] = (unavailable[reason] ?? 0) + 1;
          await sleep(Number(res.headers.get('retry-after') ?? 5) * 1000);
        }
      }),
    );
    const submitMs = performance.now() - start;
    // Polling every job while the workers run would load the process the workers run in; the
    // queue's depth says when they are done (or 10 minutes have passed), then `poll` reads each job.
    const drainDeadline = performance.now() + 600_000;
    while ((await queueDepth(args.jobsQueueUrl)) > 0 && performance.now() < drainDeadline) await sleep(100);
    submission = {
      url: args.url,
      headers,
      startedAt,
      ids: submitted.flatMap((s) => ('id' in s ? [s.id!] : [])),
      refused: submitted.flatMap((s) => ('error' in s ? [s.error!] : [])),
    };
    return { submitMs, drainedMs: performance.now() - start, unavailable };
  },

  /** Reads every submitted job until it is FINISHED or FAILED (two minutes at most). */
  async poll() {
    const { url, headers, startedAt, ids, refused } = submission!;
    const status = new Map<string, JobJson['job']>();
    const deadline = performance.now() + 120_000;
    let pending = ids;
    let rounds = 0;
    while (pending.length > 0 && performance.now() < deadline) {
      rounds++;
      await mapLimit(pending, 16, async (id) => {
        const res = await fetch(`${url}/jobs/${id}.json`, { headers });
        if (res.status === 200) status.set(id, ((await res.json()) as JobJson).job);
        else await res.body?.cancel();
      });
      pending = ids.filter((id) => status.get(id)?.status !== 'FINISHED' && status.get(id)?.status !== 'FAILED');
      if (pending.length > 0) await sleep(500);
    }
    const jobs = [...status.values()];
    const finished = jobs.filter((job) => job.status === 'FINISHED' && job.payload?.includes('<url>'));
    const failed = jobs.filter((job) => job.status === 'FAILED').length;
    const completedMs = Math.max(...finished.map((job) => Date.parse(job.dateCompleted ?? ''))) - startedAt;
    return {
      // Until the last job's dateCompleted: neither the queue-depth check nor the polling counts.
      cost: completedMs,
      submitted: ids.length,
      refused: refused.length,
      firstRefusal: refused[0],
      finished: finished.length,
      failed,
      // Accepted, yet never seen FINISHED or FAILED.
      lost: ids.length - finished.length - failed,
      pollRounds: rounds,
      perSecond: (finished.length / completedMs) * 1000,
    };
  },

  /** Row 3b, async side: one job naming every element of the mediapackage; returns once the queue is empty. */
  async bigJobSubmit(args: { url: string; token: string; form: Record<string, string>; jobsQueueUrl: string }) {
    const startedAt = Date.now();
    const res = await fetch(`${args.url}/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${args.token}`, accept: 'application/json' },
      body: new URLSearchParams(args.form),
    });
    if (res.status !== 200) throw new Error(`POST /: ${res.status} ${await res.text()}`);
    const { id } = ((await res.json()) as JobJson).job;
    while ((await queueDepth(args.jobsQueueUrl)) > 0) await sleep(100);
    return { id: String(id), startedAt };
  },

  /** …then the job, polled until FINISHED; its cost runs to its dateCompleted. */
  async bigJobResult(args: { url: string; token: string; id: string; startedAt: number }) {
    const headers = { authorization: `Bearer ${args.token}`, accept: 'application/json' };
    for (;;) {
      const job = ((await (await fetch(`${args.url}/jobs/${args.id}.json`, { headers })).json()) as JobJson).job;
      if (job.status === 'FAILED') throw new Error(`job ${args.id} failed`);
      if (job.status === 'FINISHED') return { cost: Date.parse(job.dateCompleted!) - args.startedAt };
      await sleep(250);
    }
  },

  /** Row 3b, sync side: the same request to POST /distributesync. */
  async sync(args: { url: string; token: string; form: Record<string, string> }) {
    const start = performance.now();
    const res = await fetch(`${args.url}/distributesync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${args.token}` },
      body: new URLSearchParams(args.form),
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`POST /distributesync: ${res.status} ${body.slice(0, 300)}`);
    return { cost: performance.now() - start };
  },

  /** What parsing the mediapackage once costs in this process, warm (median of 11). */
  parseMs(args: { xml: string }) {
    for (let i = 0; i < 20; i++) parseMediaPackage(args.xml);
    const times = Array.from({ length: 11 }, () => {
      const start = performance.now();
      parseMediaPackage(args.xml);
      return performance.now() - start;
    }).sort((a, b) => a - b);
    return times[5];
  },
});
