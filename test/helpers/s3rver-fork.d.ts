// @20minutes/s3rver 4.0.4 ships no types; this declares the part the tests use.
declare module '@20minutes/s3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface S3rverOptions {
    address?: string;
    directory?: string;
    silent?: boolean;
    /** Accepts any secret for the one key id it knows (S3RVER); other key ids still get 403. */
    allowMismatchedSignatures?: boolean;
    configureBuckets?: { name: string }[];
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    configureBuckets(): Promise<void>;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    logger: { close(): void };
  }
}
