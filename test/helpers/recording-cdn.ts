import type { CdnInvalidator } from '../../lib/ports.ts';

/** A CdnInvalidator that records every call, and fails with `failure` when one is set. */
export class RecordingCdn implements CdnInvalidator {
  readonly calls: string[][] = [];
  failure: Error | undefined;

  async invalidate(paths: string[]): Promise<void> {
    this.calls.push(paths);
    if (this.failure) throw this.failure;
  }
}
