/**
 * Row 5: each function's bundle (npm run build → dist/<fn>/index.mjs) and the time a fresh node
 * takes to import it, against a bundle that only creates the SDK clients
 * (`new S3Client({}); new SQSClient({})`) built with the same esbuild options.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
// @ts-expect-error plain JavaScript module without types
import { BUNDLE_OPTIONS } from '../../scripts/bundle-options.mjs';
import { ROOT } from '../lib/child.ts';
import { formatBytes, formatMs, median, progress, rotation, summarize, type Sample } from '../lib/stats.ts';
import { FLOOR_TARGET, type Line, type RowResult } from '../lib/table.ts';

const run = promisify(execFile);

export interface BundleOptions {
  tmp: string;
  reps: number;
}

// The very options scripts/build.mjs builds the functions with.
const OPTIONS = { ...(BUNDLE_OPTIONS as esbuild.BuildOptions), absWorkingDir: ROOT, metafile: true } satisfies esbuild.BuildOptions;

const BASELINE_SOURCE = `
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
new S3Client({});
new SQSClient({});
export const handler = async () => undefined;
`;
/** The baseline plus what lib/aws/clients.ts imports for every function, used or not. */
const WITH_CLOUDFRONT_SOURCE = `${BASELINE_SOURCE}
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
export const unused = process.env.NEVER_SET ? new CloudFrontClient({}) : undefined;
`;

/** What config() needs, with made-up values as in AWS (no endpoints), so nothing is contacted. */
const LOAD_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  API_TOKEN: 'bench-token',
  DISTRIBUTION_BUCKET: 'distribution',
  WORKSPACE_BUCKET: 'workspace',
  STATE_BUCKET: 'distribution-state',
  DISTRIBUTION_BASE_URL: 'https://cdn.example.org',
  JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/distribution-jobs',
  RETRACT_EVENTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/retract-events',
  RETRACT_EVENTS_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/retract-events-dlq',
};

type Metafile = esbuild.Metafile;

/**
 * Which functions use these packages at all, read from the code when this was written:
 * lib/aws/deps.ts builds the S3 store (with lib-storage) for every function that imports it; the
 * CDN invalidator (lib/aws/cdn.ts) and the URL signers (lib/aws/signer.ts) are imported only by the
 * functions listed here.
 */
const USED_BY: Record<string, string[]> = {
  '@aws-sdk/client-cloudfront': ['distributeSync', 'retractSync', 'retractEvents', 'worker'],
  '@aws-sdk/lib-storage': ['distributeSync', 'worker'],
  '@aws-sdk/s3-request-presigner': ['distributeSync', 'getDistribution', 'worker'],
  '@aws-sdk/cloudfront-signer': ['distributeSync', 'getDistribution', 'worker'],
};

async function loadMs(file: string): Promise<number> {
  // A clean environment: no NODE_OPTIONS (tsx, --openssl-legacy-provider) in the measured node.
  const { stdout } = await run(process.execPath, [path.join(ROOT, 'bench/children/load-module.mjs'), file], { env: LOAD_ENV, cwd: ROOT });
  return (JSON.parse(stdout) as { ms: number }).ms;
}

/** Bytes in the bundle per package (`@aws-sdk/client-s3`) or per folder of this repository (`lib`). */
function bytesByPackage(metafile: Metafile): Map<string, number> {
  const output = Object.entries(metafile.outputs).find(([key]) => key.endsWith('.mjs'))![1];
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const name = match ? match[1]! : `${input.split('/')[0]}/ (this repository)`;
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return totals;
}

export async function bundleRow(options: BundleOptions): Promise<RowResult> {
  progress('row 5: npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  const meta = JSON.parse(await readFile(path.join(ROOT, 'dist/meta.json'), 'utf8')) as Record<string, Metafile>;
  const functions = Object.keys(meta);

  const baselineFile = path.join(options.tmp, 'sdk-clients-only', 'index.mjs');
  const baselineBuild = await esbuild.build({
    ...OPTIONS,
    stdin: { contents: BASELINE_SOURCE, resolveDir: ROOT, sourcefile: 'sdk-clients-only.js', loader: 'js' },
    outfile: baselineFile,
  });
  const baselineBytes = (await stat(baselineFile)).size;
  const cloudfrontFile = path.join(options.tmp, 'sdk-clients-and-cloudfront', 'index.mjs');
  await esbuild.build({
    ...OPTIONS,
    stdin: { contents: WITH_CLOUDFRONT_SOURCE, resolveDir: ROOT, sourcefile: 'sdk-clients-and-cloudfront.js', loader: 'js' },
    outfile: cloudfrontFile,
  });
  const cloudfrontBytes = (await stat(cloudfrontFile)).size;
  const cloudfront = { service: [] as Sample[], baseline: [] as Sample[] };

  const sizes = new Map<string, number>();
  for (const fn of functions) sizes.set(fn, (await stat(path.join(ROOT, 'dist', fn, 'index.mjs'))).size);

  const loads = new Map<string, { service: Sample[]; baseline: Sample[] }>(functions.map((fn) => [fn, { service: [], baseline: [] }]));
  for (let rep = 0; rep < options.reps; rep++) {
    for (const fn of functions) {
      for (const side of rotation(['service', 'baseline'] as const, rep)) {
        const ms = await loadMs(side === 'service' ? path.join(ROOT, 'dist', fn, 'index.mjs') : baselineFile);
        loads.get(fn)![side].push({ cost: ms });
      }
    }
    for (const side of rotation(['service', 'baseline'] as const, rep)) {
      cloudfront[side].push({ cost: await loadMs(side === 'service' ? cloudfrontFile : baselineFile) });
    }
    progress(`row 5: load times, rep ${rep + 1}/${options.reps}`);
  }

  const lines: Line[] = [];
  for (const fn of functions) {
    const size = sizes.get(fn)!;
    lines.push({
      id: '5',
      measure: `${fn}: bundle size`,
      baselineName: 'SDK clients only',
      service: formatBytes(size),
      baseline: formatBytes(baselineBytes),
      summary: { ratio: size / baselineBytes, min: size / baselineBytes, max: size / baselineBytes },
      target: FLOOR_TARGET,
    });
    const { service, baseline } = loads.get(fn)!;
    lines.push({
      id: '5',
      measure: `${fn}: module load`,
      baselineName: 'SDK clients only',
      service: formatMs(median(service.map((s) => s.cost))),
      baseline: formatMs(median(baseline.map((s) => s.cost))),
      summary: summarize(service, baseline),
      target: FLOOR_TARGET,
    });
  }
  const notes = bundleNotes(meta, baselineBuild.metafile, sizes, baselineBytes);
  const cloudfrontLoad = median(cloudfront.service.map((s, i) => s.cost - cloudfront.baseline[i]!.cost));
  notes.push(
    `@aws-sdk/client-cloudfront, measured alone: the baseline plus that import is ${formatBytes(cloudfrontBytes)} ` +
      `(+${formatBytes(cloudfrontBytes - baselineBytes)}, ×${(cloudfrontBytes / baselineBytes).toFixed(2)}) and loads in ` +
      `×${summarize(cloudfront.service, cloudfront.baseline).ratio.toFixed(2)} the baseline's time (+${formatMs(cloudfrontLoad)}).`,
  );
  return { lines, notes };
}

function bundleNotes(meta: Record<string, Metafile>, baseline: Metafile, sizes: Map<string, number>, baselineBytes: number): string[] {
  const largest = [...sizes.entries()].sort(([, a], [, b]) => b - a)[0]![0];
  const inBaseline = bytesByPackage(baseline);
  const extra = [...bytesByPackage(meta[largest]!).entries()]
    .map(([name, bytes]) => [name, bytes - (inBaseline.get(name) ?? 0)] as const)
    .filter(([, bytes]) => bytes > 2048)
    .sort(([, a], [, b]) => b - a);
  const unused = [...sizes.keys()].flatMap((fn) => {
    const packages = bytesByPackage(meta[fn]!);
    const carried = Object.entries(USED_BY).filter(([name, users]) => (packages.get(name) ?? 0) > 0 && !users.includes(fn));
    const bytes = carried.reduce((sum, [name]) => sum + packages.get(name)!, 0);
    if (bytes === 0) return [];
    const without = sizes.get(fn)! - bytes;
    return [`${fn} ${formatBytes(bytes)} (${carried.map(([name]) => name.replace('@aws-sdk/', '')).join(', ')}; without: ${(without / baselineBytes).toFixed(2)}×)`];
  });
  const notes = [
    `The baseline bundle (S3 and SQS clients, nothing else) is ${formatBytes(baselineBytes)}. What ${largest} (${formatBytes(sizes.get(largest)!)}) adds to it, ` +
      `by package (bytes in the minified output): ${extra.map(([name, bytes]) => `${name} ${formatBytes(bytes)}`).join(', ')}.`,
    `Code a function carries but never runs: ${unused.join('; ') || 'none'} (lib/aws/deps.ts gives every function the S3 store, ` +
      `whose http uploads use lib-storage; the CDN invalidator and the URL signers are modules of their own, imported only where used). ` +
      `What remains over 1.2× is code the functions run: the CloudFront client in the functions that retract or replace files ` +
      `(CDN freshness; it is built only when CLOUDFRONT_DISTRIBUTION_ID is set, but bundled always), fast-xml-parser with its ` +
      `dependencies, the Powertools logger, busboy on the write routes, middy and lib/; a 1.2× budget leaves ` +
      `${formatBytes(baselineBytes * 0.2)} for all of it. Next fix: esbuild code splitting with a dynamic import of the CloudFront ` +
      `client, so functions without a configured distribution never load it. Module load follows what is imported; the SDK ` +
      `clients alone take most of it (the baseline column).`,
  ];
  return notes;
}
