/**
 * Row 3: the whole local stack (`npm start`'s startLocalStack: gateway, s3rver, SQS emulator,
 * pollers) in a process of its own. The functions' S3 and SQS clients (lib/aws/clients.ts, the
 * same module instances the handlers use) count their commands, for the per-job request figures.
 */
import { startLocalStack } from '../../infra/local/stack.ts';
import { serve } from '../lib/child.ts';
import { countCommands } from '../lib/count.ts';

const dataDir = process.env.BENCH_STACK_DIR;
if (!dataDir) throw new Error('BENCH_STACK_DIR is not set.');
const stack = await startLocalStack({ port: 0, s3Port: 0, sqsPort: 0, dataDir, quiet: true, env: { API_TOKEN: 'bench-token' } });
// After the start: the stack has written the functions' environment, which clients.ts reads.
const { s3, sqs } = await import('../../lib/aws/clients.ts');
const s3Commands = countCommands(s3);
const sqsCommands = countCommands(sqs);
let cpu = process.cpuUsage();
let wall = performance.now();

serve(
  {
    info: () => ({ url: stack.url, s3Endpoint: stack.s3Endpoint, sqsEndpoint: stack.sqsEndpoint, env: stack.env, queueUrls: stack.queueUrls }),
    /** Commands sent and the share of one core this process used, since the last call. */
    counts: () => {
      const used = process.cpuUsage(cpu);
      const elapsed = performance.now() - wall;
      cpu = process.cpuUsage();
      wall = performance.now();
      const s3 = s3Commands.reset();
      const sqs = sqsCommands.reset();
      return { s3: s3.counts, sqs: sqs.counts, errors: { ...s3.errors, ...sqs.errors }, cpuShare: (used.user + used.system) / 1000 / elapsed };
    },
  },
  () => stack.stop(),
);
