/** What the gateway and the poller share to stand in for the Lambda runtime. */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The account every local ARN and queue URL names. */
export const LOCAL_ACCOUNT_ID = '123456789012';

export interface InvocationSpec {
  functionName: string;
  timeoutSeconds: number;
  memorySize?: number;
  region: string;
}

export function createLambdaContext(spec: InvocationSpec): Context {
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = (name: string) => () => {
    throw new Error(`context.${name}() is not supported by the Node.js 22 runtime; return a value instead.`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: spec.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${spec.region}:${LOCAL_ACCOUNT_ID}:function:${spec.functionName}`,
    memoryLimitInMB: String(spec.memorySize ?? 1024),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${spec.functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}

export class InvocationTimeout extends Error {
  override readonly name = 'InvocationTimeout';
}

/**
 * Like Lambda, an invocation that runs past its timeout has failed. The promise itself can't be
 * cancelled in-process; its late result is ignored.
 */
export async function invokeWithTimeout<T>(run: () => Promise<T> | T, timeoutSeconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InvocationTimeout(`Task timed out after ${timeoutSeconds.toFixed(2)} seconds`)),
      timeoutSeconds * 1000,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(run), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const modules = new Map<string, Promise<Record<string, unknown>>>();

/**
 * The export `name` of a module given relative to the repository root, imported once per process
 * as Lambda keeps a warm container's module (and, as there, a module that failed to load keeps
 * failing until the process restarts: Node caches the failed evaluation).
 */
export async function loadExport(relativePath: string, name: string): Promise<unknown> {
  let loading = modules.get(relativePath);
  if (!loading) {
    loading = import(pathToFileURL(path.resolve(REPO_ROOT, relativePath)).href) as Promise<Record<string, unknown>>;
    modules.set(relativePath, loading);
  }
  const mod = await loading;
  const value = mod[name];
  if (value === undefined) throw new Error(`${relativePath} has no export named "${name}"`);
  return value;
}
