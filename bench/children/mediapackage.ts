/**
 * Row 4, in a process of its own so no other row's heap or JIT state is in the way:
 *
 * - service: parseMediaPackage (hardened: validation pass, parse, element reading), then
 *            resolveTargets for every id (lookup and key checks, as a request naming every
 *            element does), then toElementArrayXml of the resolved elements.
 * - raw:     fast-xml-parser's XMLParser.parse and XMLBuilder.build of the same document, order
 *            and attributes kept (preserveOrder, ignoreAttributes: false), nothing else.
 *
 * Samples alternate between the sides (A B B A …) after a warm-up of each; the parts of the
 * service's time are measured the same way, for the notes.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { resolveTargets } from '../../lib/distribution/elements.ts';
import { findElement, parseMediaPackage, toElementArrayXml } from '../../lib/mediapackage/index.ts';
import { serve } from '../lib/child.ts';
import { richMediapackage } from '../lib/mediapackage-doc.ts';
import { rotation } from '../lib/stats.ts';

const rawParser = new XMLParser({ preserveOrder: true, ignoreAttributes: false });
const rawBuilder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false });

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

serve({
  run(args: { elements: number; samples: number }) {
    const { xml, ids } = richMediapackage(args.elements);
    const sides = {
      service: () => {
        const mp = parseMediaPackage(xml);
        const targets = resolveTargets(mp, 'engage-player', ids, 'mh_default_org');
        return toElementArrayXml(targets.map((target) => target.element));
      },
      raw: () => rawBuilder.build(rawParser.parse(xml)),
    };
    const mp = parseMediaPackage(xml);
    const elements = mp.elements;
    const parts = {
      validate: () => XMLValidator.validate(xml),
      rawParse: () => rawParser.parse(xml),
      parseMediaPackage: () => parseMediaPackage(xml),
      resolveTargets: () => resolveTargets(mp, 'engage-player', ids, 'mh_default_org'),
      findElementOnly: () => ids.map((id) => findElement(mp, id, 'engage-player')),
      toElementArrayXml: () => toElementArrayXml(elements),
    };
    const warmup = Math.max(5, Math.ceil(args.samples / 4));
    for (let i = 0; i < warmup; i++) for (const fn of [...Object.values(sides), ...Object.values(parts)]) fn();

    const samples = { service: [] as number[], raw: [] as number[] };
    const partSamples = Object.fromEntries(Object.keys(parts).map((name) => [name, [] as number[]])) as Record<keyof typeof parts, number[]>;
    for (let rep = 0; rep < args.samples; rep++) {
      for (const side of rotation(['service', 'raw'] as const, rep)) samples[side].push(time(sides[side]));
      for (const name of Object.keys(parts) as (keyof typeof parts)[]) partSamples[name].push(time(parts[name]));
    }
    return { samples, partSamples, xmlBytes: Buffer.byteLength(xml), outputBytes: Buffer.byteLength(sides.service()) };
  },
});
