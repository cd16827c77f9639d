/** The one table `npm run bench` prints: each figure next to its baseline from the same run. */
import { formatRatio, type RatioSummary } from './stats.ts';

/** The ratio (service ÷ baseline, as costs) must not exceed `max`. */
export interface Target {
  max: number;
  text: string;
}

/** At most 1.2× the floor. */
export const FLOOR_TARGET: Target = { max: 1.2, text: '≤ 1.20×' };
/** At least 3× faster than downloading then uploading. */
export const OPENCAST_TARGET: Target = { max: 1 / 3, text: '≤ 0.33×' };

export interface Line {
  /** Row number from the issue, with a letter per baseline: `1a`, `1b`. */
  id: string;
  measure: string;
  /** Name of the baseline, shown in the measure column after `vs`. */
  baselineName: string;
  service: string;
  baseline: string;
  /** Absent for figures without a ratio. */
  summary?: RatioSummary;
  target?: Target;
}

export interface RowResult {
  lines: Line[];
  /** The analysis: why a target is met or missed and what would fix it. */
  notes: string[];
}

export function met(line: Line): string {
  if (!line.summary || !line.target) return '';
  return line.summary.ratio <= line.target.max ? 'yes' : 'NO';
}

function ratioCell(line: Line): string {
  if (!line.summary) return '—';
  const { ratio, min, max } = line.summary;
  const spread = min === max ? '' : ` (${formatRatio(min)}–${formatRatio(max)})`;
  return `${formatRatio(ratio)}${spread}`;
}

export function renderTable(lines: Line[]): string {
  const header = ['#', 'measurement', 'service', 'baseline', 'ratio (range)', 'target', 'met'];
  const rows = lines.map((line) => [
    line.id,
    `${line.measure} vs ${line.baselineName}`,
    line.service,
    line.baseline,
    ratioCell(line),
    line.target?.text ?? '',
    met(line),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const rightAligned = new Set([2, 3, 4]);
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)].join('\n');
}

export function renderNotes(results: { title: string; result: RowResult }[]): string {
  const out: string[] = [];
  for (const { title, result } of results) {
    if (result.notes.length === 0) continue;
    out.push(`${title}`);
    for (const note of result.notes) out.push(wrap(`- ${note}`, 100, '  '));
  }
  return out.join('\n');
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
