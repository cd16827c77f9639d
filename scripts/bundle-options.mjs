// The esbuild options of every Lambda bundle, shared by scripts/build.mjs and the benchmark's
// baseline bundle (bench/rows/bundles.ts), so the two are built alike.

// ESM bundles may contain CommonJS code that calls require() (of Node built-ins, mostly); esbuild
// routes those calls through a real `require` when one exists. The imported name is aliased so it
// cannot clash with a bundled module's own `createRequire` import.
const BANNER = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  'const require = __bundleCreateRequire(import.meta.url);',
].join(' ');

export const BUNDLE_OPTIONS = {
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ESM builds of dependencies first (the SDK ships both): they tree-shake better.
  mainFields: ['module', 'main'],
  minify: true,
  // Class and function names survive minification, so stack traces and error names stay readable.
  keepNames: true,
  // A separate .map next to each bundle, linked from it for `--enable-source-maps`. Sources are
  // left out of the map: stack traces need only the mappings, and the zip stays small.
  sourcemap: 'linked',
  sourcesContent: false,
  banner: { js: BANNER },
  metafile: true,
  logLevel: 'warning',
  legalComments: 'eof',
  charset: 'utf8',
};
