import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';

export interface CommandCounter {
  /** Commands sent, by name (`HeadObjectCommand`); retries inside the SDK are not counted twice. */
  counts: Record<string, number>;
  /** Commands that failed, by `HeadObjectCommand TimeoutError`. */
  errors: Record<string, number>;
  /** Answers both and starts again from zero. */
  reset(): { counts: Record<string, number>; errors: Record<string, number> };
}

/**
 * Counts the commands a client sends and the ones that fail: the evidence for "the service sends
 * N requests where the floor sends M" and for where a 503 came from.
 */
export function countCommands(client: S3Client | SQSClient): CommandCounter {
  const counts: Record<string, number> = {};
  const errors: Record<string, number> = {};
  (client as S3Client).middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context as { commandName?: string }).commandName ?? 'unknown';
      counts[name] = (counts[name] ?? 0) + 1;
      try {
        return await next(args);
      } catch (error) {
        const key = `${name} ${(error as Error).name}`;
        errors[key] = (errors[key] ?? 0) + 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'benchCountCommands' },
  );
  const take = (map: Record<string, number>) => {
    const snapshot = { ...map };
    for (const name of Object.keys(map)) delete map[name];
    return snapshot;
  };
  return { counts, errors, reset: () => ({ counts: take(counts), errors: take(errors) }) };
}

/** `HeadObject×400 CopyObject×200`, without the `Command` suffix. */
export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name.replace(/Command\b/, '')}×${n}`)
    .join(' ');
}
