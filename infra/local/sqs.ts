/**
 * The embedded SQS: local-aws-sqs, whose state lives in memory only. CONTRACT says DATA_DIR
 * state survives restarts, so a graceful stop writes every message still queued (in-flight and
 * dead-lettered ones included) to `<DATA_DIR>/sqs.json`, and the next start puts them back with
 * their ids, attributes and receive counts. Limits: a SIGKILL or crash skips the save, so it
 * loses what was sent since the last start and replays what was restored at it; restored
 * messages are visible at once (the invocations that held them ended with the old process);
 * queues created through the API at runtime are not saved.
 *
 * Measured quirks: a ReceiveMessage with WaitTimeSeconds > 0 waits the whole time unless the
 * batch fills (3 s wait, 1 message available: answered after 3045 ms), and if the visibility
 * timeout is shorter than the wait it hands out the same message twice in one answer, counting
 * both receives (VisibilityTimeout 1, WaitTimeSeconds 3: two copies, ApproximateReceiveCount 2).
 * With WaitTimeSeconds 0 it still collects for 40 ms. Message attributes come back only for
 * `AttributeNames` (MessageSystemAttributeNames alone gives none). Redrive to the dead-letter
 * queue happens when the visibility timeout expires after maxReceiveCount receives.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { createRequestHandler } from 'local-aws-sqs';
import { DLQ_RETENTION_SECONDS, type QueueSpec } from './queues.ts';
import { LOCAL_ACCOUNT_ID } from './lambda.ts';
import { closeServer, HOST, listen } from './net.ts';
import type { Logger } from './log.ts';

export interface EmbeddedSqs {
  endpoint: string;
  port: number;
  queueUrl(name: string): string;
  /** Saves the queued messages to the state file, then stops the server. */
  close(): Promise<void>;
}

export async function startEmbeddedSqs(options: {
  port: number;
  dataDir: string;
  region: string;
  queues: QueueSpec[];
  log: Logger;
}): Promise<EmbeddedSqs> {
  const arn = (name: string) => `arn:aws:sqs:${options.region}:${LOCAL_ACCOUNT_ID}:${name}`;
  const { service, requestHandler } = createRequestHandler({
    port: options.port,
    hostname: HOST,
    region: options.region,
    accountId: LOCAL_ACCOUNT_ID,
    // A restart must be able to create the queues again at once.
    emulateQueueCreationLifecycle: false,
    // Dead-letter queues first: a redrive policy must name an existing queue.
    queues: options.queues.flatMap((spec) => [
      { QueueName: spec.dlqName, Attributes: { MessageRetentionPeriod: DLQ_RETENTION_SECONDS } },
      {
        QueueName: spec.name,
        Attributes: {
          VisibilityTimeout: spec.visibilityTimeout,
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn(spec.dlqName), maxReceiveCount: spec.maxReceiveCount }),
        },
      },
    ]),
  });
  const queues = service.Queues as unknown as EmulatorQueue[];
  const tracker = new MessageTracker(queues);
  const stateFile = path.join(options.dataDir, 'sqs.json');
  const restored = await tracker.restore(stateFile, options.log);
  if (restored > 0) options.log.event('info', 'restored queued messages', { count: restored, file: stateFile });

  // Our own server rather than createSqsServer, which crashes the process on a busy port. The
  // emulator builds queue URLs from service.PORT, which createSqsServer would set after listening;
  // left at the requested 0, every URL would say ":0".
  const server = createServer(requestHandler);
  const port = await listen(server, options.port, 'SQS emulator (SQS_PORT)');
  service.PORT = port;
  return {
    endpoint: `http://${HOST}:${port}`,
    port,
    queueUrl: (name) => {
      const queue = queues.find((q) => q.QueueName === name);
      if (!queue) throw new Error(`no queue named ${name}`);
      return queue.QueueUrl;
    },
    close: async () => {
      await closeServer(server);
      await tracker.save(stateFile);
      service.resetAll();
    },
  };
}

/** The emulator's queue, as far as this file relies on it (all public members in its typings). */
interface EmulatorQueue {
  readonly QueueName: string;
  readonly QueueUrl: string;
  MessageRetentionPeriod: number;
  newRecord: (record: EmulatorRecord, delay?: number) => EmulatorEntry;
  setRecord: (input: { MessageBody: string; MessageAttributes?: unknown }, messageId?: string) => EmulatorEntry;
  delete(receiptHandle: string): boolean;
  clearRecords(): void;
}

interface EmulatorRecord {
  MessageId: string;
  MessageBody: string;
  MessageAttributes?: Record<string, unknown>;
  attributes: Record<string, string>;
}

interface EmulatorEntry {
  record: EmulatorRecord;
}

interface SavedMessage {
  queue: string;
  messageId: string;
  body: string;
  messageAttributes?: Record<string, unknown>;
  attributes: Record<string, string>;
}

interface StateFile {
  version: 1;
  savedAt: string;
  messages: SavedMessage[];
}

/**
 * The emulator keeps its messages in a private field, so this follows them from the outside:
 * every message enters through `newRecord` (send, restore, and the redrive into a dead-letter
 * queue, which keeps the message id) and leaves through `delete` or `clearRecords` (purge).
 * Retention expiry is the one exit not seen here; `save` drops expired messages itself.
 */
class MessageTracker {
  private readonly messages = new Map<string, { queue: EmulatorQueue; entry: EmulatorEntry }>();

  constructor(private readonly queues: EmulatorQueue[]) {
    for (const queue of queues) this.follow(queue);
  }

  private follow(queue: EmulatorQueue): void {
    const newRecord = queue.newRecord;
    queue.newRecord = (record, delay) => {
      const entry = newRecord(record, delay);
      // A redrive re-enters the same id in the dead-letter queue: this replaces the old home.
      this.messages.set(entry.record.MessageId, { queue, entry });
      return entry;
    };
    const remove = queue.delete.bind(queue);
    queue.delete = (receiptHandle) => {
      const removed = remove(receiptHandle);
      const id = messageIdOf(receiptHandle);
      if (id !== undefined && this.messages.get(id)?.queue === queue) this.messages.delete(id);
      return removed;
    };
    const clear = queue.clearRecords.bind(queue);
    queue.clearRecords = () => {
      clear();
      for (const [id, held] of this.messages) if (held.queue === queue) this.messages.delete(id);
    };
  }

  async save(file: string): Promise<void> {
    const now = Date.now();
    const messages: SavedMessage[] = [];
    for (const { queue, entry } of this.messages.values()) {
      const { record } = entry;
      if (now - Number(record.attributes.SentTimestamp) > queue.MessageRetentionPeriod * 1000) continue;
      messages.push({
        queue: queue.QueueName,
        messageId: record.MessageId,
        body: record.MessageBody,
        ...(record.MessageAttributes ? { messageAttributes: record.MessageAttributes } : {}),
        attributes: { ...record.attributes },
      });
    }
    const state: StateFile = { version: 1, savedAt: new Date(now).toISOString(), messages };
    // Write then rename, so a crash mid-write never leaves half a file for the next start.
    const partial = `${file}.partial`;
    await writeFile(partial, `${JSON.stringify(state, null, 1)}\n`);
    await rename(partial, file);
  }

  /** Puts saved messages back; returns how many. A missing file is a first start. */
  async restore(file: string, log: Logger): Promise<number> {
    let state: StateFile;
    try {
      state = JSON.parse(await readFile(file, 'utf8')) as StateFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      log.event('warn', 'ignoring unreadable queue state', { file, error: (error as Error).message });
      return 0;
    }
    let count = 0;
    for (const saved of state.messages ?? []) {
      const queue = this.queues.find((q) => q.QueueName === saved.queue);
      if (!queue) {
        log.event('warn', 'dropping saved message of an unknown queue', { queue: saved.queue, messageId: saved.messageId });
        continue;
      }
      const entry = queue.setRecord(
        { MessageBody: saved.body, ...(saved.messageAttributes ? { MessageAttributes: saved.messageAttributes } : {}) },
        saved.messageId,
      );
      // Receive counts must survive, or a restart would give a poison message fresh retries.
      entry.record.attributes = { ...entry.record.attributes, ...saved.attributes };
      count++;
    }
    return count;
  }
}

/** The emulator's receipt handles are base64 of `<uuid>{"date":…,"MessageId":…,"QueueName":…}`. */
function messageIdOf(receiptHandle: string): string | undefined {
  try {
    const text = Buffer.from(receiptHandle, 'base64').toString('utf8');
    const parsed = JSON.parse(text.slice(text.indexOf('{'))) as { MessageId?: unknown };
    return typeof parsed.MessageId === 'string' ? parsed.MessageId : undefined;
  } catch {
    return undefined;
  }
}
