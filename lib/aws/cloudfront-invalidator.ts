/**
 * CDN freshness after retraction: removed paths are invalidated in batches (CloudFront takes
 * at most 3,000 paths per invalidation), and throttled or failed calls are retried with backoff.
 */
import { CreateInvalidationCommand, type CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { createHash, randomUUID } from 'node:crypto';
import type { CdnInvalidator } from '../ports.ts';
import { isUnavailable, rethrow } from './errors.ts';

export const MAX_PATHS_PER_INVALIDATION = 3000;

/**
 * Worth another try: CloudFront busy (throttled, 5xx, too many invalidations running) or out of
 * reach. A refused path, a missing permission or an unknown distribution fail the same way
 * every time, so they are not retried.
 */
const retryable = (error: unknown) => isUnavailable(error) || (error as Error)?.name === 'TooManyInvalidationsInProgress';

export interface InvalidatorOptions {
  attempts: number;
  baseDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class CloudFrontInvalidator implements CdnInvalidator {
  constructor(
    private readonly client: CloudFrontClient,
    private readonly distributionId: string,
    private readonly options: InvalidatorOptions = { attempts: 5, baseDelayMs: 500 },
  ) {}

  async invalidate(paths: string[]): Promise<void> {
    const unique = [...new Set(paths)];
    for (let start = 0; start < unique.length; start += MAX_PATHS_PER_INVALIDATION) {
      await this.send(unique.slice(start, start + MAX_PATHS_PER_INVALIDATION));
    }
  }

  private async send(batch: string[]): Promise<void> {
    // The same reference on every retry: if a "failed" call did reach CloudFront, the retry
    // is recognised as the same invalidation instead of creating a second one.
    const reference = `${createHash('sha256').update(batch.join('\n')).digest('hex').slice(0, 32)}-${randomUUID()}`;
    const sleep = this.options.sleep ?? defaultSleep;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(
          new CreateInvalidationCommand({
            DistributionId: this.distributionId,
            InvalidationBatch: { CallerReference: reference, Paths: { Quantity: batch.length, Items: batch } },
          }),
        );
        return;
      } catch (error) {
        if (attempt >= this.options.attempts || !retryable(error)) rethrow(error, 'The CDN');
        await sleep(this.options.baseDelayMs * 2 ** (attempt - 1));
      }
    }
  }
}
