/**
 * `npm start` as a user runs it: prints the listening line once ready, shuts down cleanly on
 * SIGTERM, and turns a busy port into one line and exit code 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/local/lambda.ts';
import { waitFor } from '../helpers/wait.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'local-stack-cli-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function startCli(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider', DATA_DIR: dataDir, API_TOKEN: 'cli-token', S3_PORT: '0', SQS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

it('prints the listening line, serves, and exits 0 on SIGTERM', async () => {
  const run = startCli({ PORT: '0' });
  try {
    const line = await waitFor(() => /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(run.stdout()), { what: 'the listening line' });
    const res = await fetch(`${line[1]}/static/nothing/here.txt`);
    expect(res.status).toBe(404);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stdout().match(/^listening on /gm)).toHaveLength(1);
    // A clean stop saved the queues.
    expect(JSON.parse(await readFile(path.join(dataDir, 'sqs.json'), 'utf8'))).toMatchObject({ version: 1, messages: [] });
  } finally {
    run.child.kill('SIGKILL');
  }
});

it('reports a busy port in one line and exits 1', async () => {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const run = startCli({ PORT: String(port) });
    expect(await run.exit).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^error: .*port ${port} is already in use`))]);
  } finally {
    blocker.close();
  }
});
