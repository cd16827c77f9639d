/**
 * `npm start`: the local stack from the environment (CONTRACT section 5), until SIGINT or
 * SIGTERM. A setup problem (a busy port, a bad setting) is one line and exit code 1.
 */
import { ConfigError } from '../../lib/config.ts';
import { LocalStackError } from './net.ts';
import { startLocalStack, type LocalStack } from './stack.ts';

let stack: LocalStack;
try {
  stack = await startLocalStack();
} catch (error) {
  if (error instanceof LocalStackError || error instanceof ConfigError) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

console.log(`S3 ${stack.s3Endpoint}, SQS ${stack.sqsEndpoint}, data in ${stack.env.DATA_DIR}`);
console.log(`distributed files at ${stack.env.DISTRIBUTION_BASE_URL}/, documentation at ${stack.url}/docs`);
console.log(`listening on ${stack.url}`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) {
    // A second Ctrl-C means "now": skip draining (and saving the queues).
    console.error(`${signal} again: exiting without waiting.`);
    process.exit(1);
  }
  stopping = true;
  console.error(`${signal}: draining queues and closing servers…`);
  stack.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`error while stopping: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
