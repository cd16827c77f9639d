/**
 * The embedded S3: s3rver 3.7.1, storing objects under `<DATA_DIR>/s3` so they survive restarts.
 *
 * Measured quirks (clients must live with them): path-style addressing only; streaming checksums
 * are stored inside the object unless the client sends them only when required; `CopySource`
 * must be encoded with encodeURI, not encodeURIComponent; ListObjectsV2 continuation tokens use
 * DES, which Node 17+ only offers with `--openssl-legacy-provider`; no conditional writes, no
 * UploadPartCopy, no AbortMultipartUpload; suffix ranges are wrong (`bytes=-3` of a 10-byte
 * object answers bytes 0-3), and any range of an empty object answers 206 `bytes 0-0/0`.
 */
import { createCipheriv } from 'node:crypto';
import { createServer } from 'node:http';
import path from 'node:path';
import S3rver from 's3rver';
import { closeServer, HOST, listen } from './net.ts';

export interface EmbeddedS3 {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedS3(options: { port: number; dataDir: string; buckets: string[] }): Promise<EmbeddedS3> {
  const s3rver = new S3rver({
    address: HOST,
    directory: path.join(options.dataDir, 's3'),
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  await s3rver.configureBuckets();
  // Our own server instead of s3rver.run(), which crashes the process on a busy port.
  const server = createServer(s3rver.callback());
  const port = await listen(server, options.port, 'S3 emulator (S3_PORT)');
  return {
    endpoint: `http://${HOST}:${port}`,
    port,
    close: async () => {
      await closeServer(server);
      s3rver.logger.close();
    },
  };
}

/** ListObjectsV2 pagination in s3rver needs DES; false when this Node refuses it. */
export function legacyCiphersAvailable(): boolean {
  try {
    createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}
