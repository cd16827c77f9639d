/**
 * Row 4: a large mediapackage through the service's XML path (parse + validation + serialize)
 * against raw fast-xml-parser parse + build of the same document.
 */
import { startChild } from '../lib/child.ts';
import { formatBytes, formatMs, median, summarize } from '../lib/stats.ts';
import { FLOOR_TARGET, type RowResult } from '../lib/table.ts';

export interface MediapackageOptions {
  elements: number;
  samples: number;
}

interface Result {
  samples: { service: number[]; raw: number[] };
  partSamples: Record<string, number[]>;
  xmlBytes: number;
  outputBytes: number;
}

export async function mediapackageRow(options: MediapackageOptions): Promise<RowResult> {
  const child = await startChild('bench/children/mediapackage.ts');
  let result: Result;
  try {
    result = await child.call<Result>('run', options);
  } finally {
    await child.stop();
  }
  const asSamples = (values: number[]) => values.map((cost) => ({ cost }));
  const service = asSamples(result.samples.service);
  const raw = asSamples(result.samples.raw);
  const part = (name: string) => median(result.partSamples[name]!);
  const summary = summarize(service, raw);
  const lookup = part('findElementOnly');
  return {
    lines: [
      {
        id: '4',
        measure: `${options.elements}-element mediapackage (${formatBytes(result.xmlBytes)}): parse, resolveTargets, serialize`,
        baselineName: 'raw XMLParser + XMLBuilder',
        service: formatMs(median(result.samples.service)),
        baseline: formatMs(median(result.samples.raw)),
        summary,
        target: FLOOR_TARGET,
      },
    ],
    notes: [
      `Medians of ${options.samples} interleaved samples. Where the service's time goes: XMLValidator.validate ${formatMs(part('validate'))} ` +
        `(a second pass over the text that the raw side does not make; it is what turns malformed XML into a 400), ` +
        `parseMediaPackage in all ${formatMs(part('parseMediaPackage'))} (raw parse alone: ${formatMs(part('rawParse'))}), ` +
        `resolveTargets for all ${options.elements} ids ${formatMs(part('resolveTargets'))} (of which the findElement lookups ${formatMs(lookup)}), ` +
        `toElementArrayXml ${formatMs(part('toElementArrayXml'))} (${formatBytes(result.outputBytes)} out: ${options.elements} documents, each with its declaration and namespace).`,
    ],
  };
}
