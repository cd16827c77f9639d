// Row 5: how long a fresh `node` takes to import one bundle (parse, compile, run its module
// scope: SDK clients, configuration). Plain node, no tsx: as the Lambda runtime loads it.
//   node bench/children/load-module.mjs dist/worker/index.mjs   → {"ms":123.4}
import { pathToFileURL } from 'node:url';

const start = performance.now();
const module = await import(pathToFileURL(process.argv[2]).href);
const ms = performance.now() - start;
if (typeof module.handler !== 'function') throw new Error(`${process.argv[2]} exports no handler`);
process.stdout.write(JSON.stringify({ ms }));
