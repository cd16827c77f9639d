import { readFileSync } from 'node:fs';

// The repo's sibling `shared/` folder: /work/shared locally, $d/shared next to the $d/p clone in CI.
const SAMPLES = new URL('../../shared/opencast-samples/', import.meta.url);

/** A verbatim Opencast fixture from shared/opencast-samples (see SOURCES.md there). */
export function readSample(name: string): string {
  return readFileSync(new URL(name, SAMPLES), 'utf8');
}
