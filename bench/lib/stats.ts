/**
 * Medians, paired ratios, A/B interleaving and formatting: everything a row needs to turn runs into
 * figures. A benchmark here never asserts an absolute time; it compares the service with a
 * baseline measured in the same run, next to it in time.
 */

/** One run of one side. `cost` is what the ratio compares (ms, bytes, KiB of RSS, …); lower is better. */
export interface Sample {
  cost: number;
  [extra: string]: unknown;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Ratios of runs that ran next to each other (rep i of the service with rep i of the baseline),
 * so a slow patch of the machine (another engineer's test run) hits both sides of a pair.
 */
export function pairedRatios(service: readonly Sample[], baseline: readonly Sample[]): number[] {
  return service.map((sample, i) => sample.cost / baseline[i]!.cost);
}

export interface RatioSummary {
  /** Median of the paired ratios. */
  ratio: number;
  min: number;
  max: number;
}

export function summarize(service: readonly Sample[], baseline: readonly Sample[]): RatioSummary {
  const ratios = pairedRatios(service, baseline);
  return { ratio: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

export interface InterleaveOptions<S extends string> {
  /** Untimed runs of every side first (JIT, sockets, page cache), discarded. */
  warmup?: number;
  /** Untimed work after each run: deleting what it wrote, flushing dirty pages. */
  after?: (side: S, rep: number) => Promise<void>;
  /** Progress lines on stderr. */
  label?: string;
}

/**
 * Runs every side `reps` times, interleaved: A B C, then B C A, then C A B … so no side always
 * runs first (cold) or last (after the others have filled the page cache and dirtied the disk).
 */
export async function interleave<S extends string>(
  sides: readonly S[],
  reps: number,
  run: (side: S, rep: number) => Promise<Sample>,
  options: InterleaveOptions<S> = {},
): Promise<Record<S, Sample[]>> {
  const samples = Object.fromEntries(sides.map((side) => [side, [] as Sample[]])) as Record<S, Sample[]>;
  for (let w = 0; w < (options.warmup ?? 0); w++) {
    for (const side of sides) {
      await run(side, -1 - w);
      await options.after?.(side, -1 - w);
    }
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const side of rotation(sides, rep)) {
      const sample = await run(side, rep);
      samples[side].push(sample);
      if (options.label) progress(`${options.label}: rep ${rep + 1}/${reps} ${side} ${sample.cost.toFixed(1)} ms`);
      await options.after?.(side, rep);
    }
  }
  return samples;
}

/** The order of the sides in repetition `rep`: each side takes each place in turn. */
export function rotation<S>(sides: readonly S[], rep: number): S[] {
  return sides.map((_, i) => sides[(i + rep) % sides.length]!);
}

export function progress(line: string): void {
  process.stderr.write(`  · ${line}\n`);
}

// ---- formatting -------------------------------------------------------------------------------

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(2)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(bytes >= 100 * MiB ? 0 : 1)} MiB`;
  if (bytes >= KiB) return `${(bytes / KiB).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

/** A size for labels: 1 GiB, 64 MiB, 200 × 1 MiB. */
export function sizeLabel(bytes: number): string {
  return bytes >= GiB && bytes % GiB === 0 ? `${bytes / GiB} GiB` : bytes >= MiB && bytes % MiB === 0 ? `${bytes / MiB} MiB` : formatBytes(bytes);
}

export { KiB, MiB, GiB };
