/**
 * npm run bench            the full run (1 GiB objects, 200 elements, 1,000 jobs, …)
 * npm run bench -- --quick small sizes, for development and CI smoke
 * npm run bench -- --only 1,4   some rows only
 *
 * Prints one table: each figure next to its baseline measured in the same run, side by side,
 * interleaved (A/B/A/B), as the median of paired ratios. Then the notes: why a target is met or
 * missed and what would fix it. Generated data lives in a temporary directory, removed at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleRow } from './rows/bundles.ts';
import { httpSourceRow } from './rows/http-source.ts';
import { bigJobRow, jobsRow } from './rows/jobs.ts';
import { mediapackageRow } from './rows/mediapackage.ts';
import { s3CopyRow } from './rows/s3-copy.ts';
import { GiB, MiB } from './lib/stats.ts';
import { renderNotes, renderTable, type RowResult } from './lib/table.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : undefined;

const sizes = quick
  ? { bigBytes: 64 * MiB, smallCount: 20, httpBytes: 64 * MiB, jobs: 100, jobElements: 50, elements: 200, bigReps: 3, smallReps: 3, httpReps: 3, jobReps: 2, xmlSamples: 40, loadReps: 3 }
  : { bigBytes: GiB, smallCount: 200, httpBytes: GiB, jobs: 1000, jobElements: 500, elements: 1000, bigReps: 5, smallReps: 7, httpReps: 3, jobReps: 3, xmlSamples: 60, loadReps: 7 };

interface RowSpec {
  id: string;
  title: string;
  run: (tmp: string) => Promise<RowResult>;
}

const rows: RowSpec[] = [
  {
    id: '1',
    title: 'Row 1 (S3 → S3 distribution)',
    run: (tmp) => s3CopyRow({ tmp, bigBytes: sizes.bigBytes, smallCount: sizes.smallCount, smallBytes: MiB, bigReps: sizes.bigReps, smallReps: sizes.smallReps }),
  },
  {
    id: '2',
    title: 'Row 2 (HTTP source)',
    run: (tmp) => httpSourceRow({ tmp, bytes: sizes.httpBytes, reps: sizes.httpReps }),
  },
  {
    id: '3',
    title: 'Row 3 (async jobs)',
    run: (tmp) => jobsRow({ tmp, jobs: sizes.jobs, reps: sizes.jobReps }),
  },
  {
    id: '3b',
    title: 'Row 3b (one job of many elements)',
    run: (tmp) => bigJobRow({ tmp, elements: sizes.jobElements, reps: 2 }),
  },
  {
    id: '4',
    title: 'Row 4 (mediapackage)',
    run: () => mediapackageRow({ elements: sizes.elements, samples: sizes.xmlSamples }),
  },
  {
    id: '5',
    title: 'Row 5 (bundles)',
    run: (tmp) => bundleRow({ tmp, reps: sizes.loadReps }),
  },
];

// The SDK's notice that it will need Node 22 next year, once per process (npm start sets it too).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

async function main(): Promise<void> {
  const started = performance.now();
  const tmp = await mkdtemp(path.join(tmpdir(), 'media-distribution-bench-'));
  const cleanup = () => rm(tmp, { recursive: true, force: true });
  // Ctrl-C: the children get the signal too (same process group); remove the data.
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  process.stderr.write(`bench: ${quick ? 'quick' : 'full'} run, data in ${tmp}\n`);
  const results: { title: string; result: RowResult }[] = [];
  let failed = false;
  try {
    for (const row of rows) {
      if (only && !only.has(row.id)) continue;
      process.stderr.write(`${row.title}\n`);
      const rowStart = performance.now();
      try {
        results.push({ title: row.title, result: await row.run(tmp) });
      } catch (error) {
        // One broken row must not cost the others: it is reported and the run goes on.
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`  ${row.title} failed: ${error instanceof Error ? (error.stack ?? message) : message}\n`);
        failed = true;
        results.push({
          title: row.title,
          result: {
            lines: [{ id: row.id, measure: row.title, baselineName: '—', service: 'failed', baseline: '' }],
            notes: [`Failed: ${message.split('\n')[0]}`],
          },
        });
      }
      process.stderr.write(`  ${row.title} took ${((performance.now() - rowStart) / 1000).toFixed(0)} s\n`);
    }
  } finally {
    await cleanup();
  }
  const minutes = (performance.now() - started) / 60_000;
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(
    `media-distribution bench, ${quick ? 'quick' : 'full'} run, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
      `Node ${process.versions.node}, ${cpus().length} × ${cpu}, ${minutes.toFixed(1)} min`,
  );
  console.log('ratio = service ÷ baseline as costs (time, bytes, peak RSS): lower is better; ≤ 0.33× means at least 3× faster.');
  console.log('Median of paired ratios over interleaved repetitions; (range) = lowest–highest pair.\n');
  console.log(renderTable(results.flatMap(({ result }) => result.lines)));
  console.log('\nNotes');
  console.log(renderNotes(results));
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
