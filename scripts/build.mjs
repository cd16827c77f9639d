// Bundles every Lambda function of lib/routes.ts with esbuild: each deployed HTTP route (not the
// local-only ones) and each queue consumer, from its `handler` file to dist/<name>/index.mjs.
//
//   node scripts/build.mjs            every function
//   node scripts/build.mjs worker     only the named ones
//
// Each bundle holds everything it imports, the AWS SDK v3 included, so the deployed versions are
// the ones package-lock.json pins (not whatever the Lambda runtime ships). dist/meta.json keeps
// esbuild's metafile per function (inputs and their bytes) for the benchmark and for size audits.
import { createRequire } from 'node:module';
import { mkdir, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { BUNDLE_OPTIONS } from './bundle-options.mjs';

const require = createRequire(import.meta.url);
const { loadRouteTable, ROOT } = require('../infra/route-table.cjs');

const DIST = path.join(ROOT, 'dist');

const OPTIONS = { ...BUNDLE_OPTIONS, absWorkingDir: ROOT, outdir: DIST };

const posix = (p) => p.split(path.sep).join('/');

/**
 * One esbuild run for all functions: every entry point still gets its own self-contained bundle
 * (no code splitting), but the shared dependencies (the SDK above all) are parsed once, which
 * keeps a full build at a few seconds even on two cores.
 * @param {{ name: string, handler: string }[]} fns
 */
async function bundleAll(fns) {
  const entryPoints = Object.fromEntries(fns.map((fn) => [`${fn.name}/index`, path.join(ROOT, fn.handler)]));
  const { metafile } = await esbuild.build({ ...OPTIONS, entryPoints });
  return fns.map((fn) => {
    const outfile = path.join(DIST, fn.name, 'index.mjs');
    const key = posix(path.relative(ROOT, outfile));
    const output = metafile.outputs[key];
    if (!output?.exports?.includes('handler')) {
      throw new Error(`${fn.handler} (function "${fn.name}") exports no \`handler\`.`);
    }
    return { fn, outfile, metafile: metafileOf(metafile, key) };
  });
}

/**
 * The part of the combined metafile that belongs to one bundle, in esbuild's own metafile shape
 * (so esbuild's analyzer and the benchmark read it as if the function had been built alone):
 * its two outputs and every input reachable from its entry point.
 */
function metafileOf(metafile, key) {
  const output = metafile.outputs[key];
  const inputs = {};
  const pending = [output.entryPoint];
  while (pending.length) {
    const file = pending.pop();
    if (file in inputs || !(file in metafile.inputs)) continue;
    inputs[file] = metafile.inputs[file];
    for (const imported of metafile.inputs[file].imports) {
      if (!imported.external) pending.push(imported.path);
    }
  }
  return { inputs, outputs: { [key]: output, [`${key}.map`]: metafile.outputs[`${key}.map`] } };
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

async function main() {
  const started = performance.now();
  const { bundles } = loadRouteTable();
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !bundles.some((fn) => fn.name === name));
  if (unknown.length) {
    throw new Error(`No function named ${unknown.join(', ')}; known: ${bundles.map((fn) => fn.name).join(', ')}.`);
  }
  const selected = only.length ? bundles.filter((fn) => only.includes(fn.name)) : bundles;

  // A full build starts from an empty dist/ so no bundle of a removed route lingers and gets deployed.
  if (!only.length) await rm(DIST, { recursive: true, force: true });
  await mkdir(DIST, { recursive: true });

  const results = await bundleAll(selected);

  const metaPath = path.join(DIST, 'meta.json');
  let meta = {};
  if (only.length) meta = JSON.parse(await readFile(metaPath, 'utf8').catch(() => '{}'));
  const rows = [];
  for (const { fn, outfile, metafile } of results) {
    meta[fn.name] = metafile;
    const code = await readFile(outfile);
    const map = await stat(`${outfile}.map`);
    rows.push([fn.name, formatBytes(code.length), formatBytes(gzipSync(code).length), formatBytes(map.size), fn.handler]);
  }
  await writeFile(metaPath, `${JSON.stringify(meta)}\n`);

  const header = ['function', 'index.mjs', 'gzip', '.map', 'entry'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i > 0 && i < 4 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`built ${results.length} function${results.length === 1 ? '' : 's'} into dist/ in ${seconds} s (metafiles: dist/meta.json)`);
}

main().catch((error) => {
  console.error(`build failed: ${error.message}`);
  process.exitCode = 1;
});
