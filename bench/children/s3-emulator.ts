/**
 * The embedded S3 of the local stack (s3rver, as infra/local/s3.ts starts it), alone in a process
 * of its own, so the clients being measured never share its event loop.
 */
import { startEmbeddedS3 } from '../../infra/local/s3.ts';
import { serve } from '../lib/child.ts';
import { BUCKETS } from '../lib/env.ts';

const dataDir = process.env.BENCH_S3_DIR;
if (!dataDir) throw new Error('BENCH_S3_DIR is not set.');
const s3 = await startEmbeddedS3({ port: 0, dataDir, buckets: Object.values(BUCKETS) });

serve({ endpoint: () => s3.endpoint }, () => s3.close());
