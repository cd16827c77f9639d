/**
 * Each side of a measurement runs in a child process of its own: the functions read their
 * configuration once per process, an emulator must not share an event loop with the client it
 * serves, and peak RSS is only meaningful per process. Children are TypeScript (run through tsx)
 * and answer calls over the IPC channel:
 *
 *   parent:  const child = await startChild('bench/children/x.ts', env); await child.call('op', args);
 *   child:   serve({ op: async (args) => result });
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Call {
  id: number;
  op: string;
  args?: unknown;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string } | { ready: true };

export interface ExitReport {
  /** process.resourceUsage().maxRSS of the child, in KiB, read just before it exits. */
  maxRssKiB: number;
}

export interface Child {
  pid: number;
  call<T = unknown>(op: string, args?: unknown): Promise<T>;
  /** Asks the child to clean up and exit; resolves with its peak RSS. */
  stop(): Promise<ExitReport>;
}

export interface ChildOptions {
  env?: Record<string, string | undefined>;
  /** Where the child's stdout goes: the functions log a JSON line per element there. */
  stdout?: 'ignore' | 'inherit';
}

/** Starts `file` (relative to the repository root) under tsx and waits until it serves. */
export async function startChild(file: string, options: ChildOptions = {}): Promise<Child> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const proc: ChildProcess = fork(path.join(ROOT, file), [], {
    cwd: ROOT,
    env,
    // BENCH_CPU_PROF=<dir>: every child writes a V8 CPU profile there when it exits.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    stdio: ['ignore', options.stdout ?? 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const died = (code: number | null, signal: string | null) =>
    new Error(`${file} exited (${signal ?? `code ${code}`}).${stderr ? `\n${stderr.trim()}` : ''}`);

  const ready = new Promise<void>((resolve, reject) => {
    proc.on('message', (message: Reply) => {
      if ('ready' in message) return resolve();
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.ok) call.resolve(message.value);
      else call.reject(new Error(`${file}: ${message.error}`));
    });
    proc.on('exit', (code, signal) => {
      exited = true;
      const error = died(code, signal);
      reject(error);
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    });
  });
  await ready;

  const call = <T>(op: string, args?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`${file} has exited.`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      proc.send({ id, op, args } satisfies Call);
    });

  return {
    pid: proc.pid!,
    call,
    stop: async () => {
      const exit = new Promise<void>((resolve) => (exited ? resolve() : proc.once('exit', () => resolve())));
      const report = await call<ExitReport>('exit').catch(() => ({ maxRssKiB: NaN }));
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
      return report;
    },
  };
}

export type Handlers = Record<string, (args: never) => unknown>;

/**
 * The child side. `exit` is built in: it runs `cleanup`, answers the peak RSS of this process and
 * exits; a parent that disappears ends the child the same way.
 */
export function serve(handlers: Handlers, cleanup?: () => Promise<void>): void {
  const send = (message: Reply) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
  let exiting = false;
  const exit = async (id?: number) => {
    if (exiting) return;
    exiting = true;
    await cleanup?.().catch((error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`));
    if (id !== undefined) await send({ id, ok: true, value: { maxRssKiB: process.resourceUsage().maxRSS } satisfies ExitReport });
    process.exit(0);
  };
  process.on('message', (message: Call) => {
    if (message.op === 'exit') return void exit(message.id);
    const handler = handlers[message.op];
    if (!handler) return void send({ id: message.id, ok: false, error: `no operation "${message.op}"` });
    Promise.resolve()
      .then(() => handler(message.args as never))
      .then(
        (value) => send({ id: message.id, ok: true, value }),
        (error: unknown) => send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  process.on('disconnect', () => void exit());
  void send({ ready: true });
}
