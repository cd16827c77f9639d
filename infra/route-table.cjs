'use strict';
/**
 * Reads lib/routes.ts (the one route and queue-consumer table) for the tools that run outside
 * TypeScript: serverless.yml (through infra/functions.cjs and infra/queues.cjs) and
 * scripts/build.mjs. Nothing here repeats the table; it is compiled and evaluated as is.
 *
 * How: esbuild (already a dependency, synchronous, ~10 ms) bundles lib/routes.ts to one CommonJS
 * module in memory, which is then evaluated as a module of its own. Anything routes.ts may import
 * later is bundled in, so this keeps working as long as the table stays importable without side
 * effects. osls `require()`s the files that use this, so it has to be CommonJS and synchronous.
 *
 * The table is checked here too, so a mistake in it stops `npm run build` and `osls package`
 * with a sentence naming it instead of producing a stack that fails at deploy or at run time.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const vm = require('node:vm');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const ROUTES_FILE = path.join(ROOT, 'lib', 'routes.ts');

/** API Gateway HTTP API cuts every integration off at 30 s; leave the function a second to answer. */
const MAX_HTTP_TIMEOUT = 29;
/** Function names become CloudFormation logical ids, Lambda names and dist/ folders. */
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,39}$/;
/** Queue names become SQS queue names (with a prefix and `-dlq`) and logical ids. */
const QUEUE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

let cached;

function compileRouteModule() {
  const result = esbuild.buildSync({
    entryPoints: [ROUTES_FILE],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  // Evaluated like a CommonJS module of its own, with public APIs only (vm + createRequire).
  const code = result.outputFiles[0].text;
  const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, {
    filename: ROUTES_FILE,
  });
  const mod = { exports: {} };
  wrapper.call(mod.exports, mod.exports, createRequire(ROUTES_FILE), mod, ROUTES_FILE, path.dirname(ROUTES_FILE));
  return mod.exports;
}

function check(table) {
  const problems = [];
  const { routes, queueConsumers, visibilityTimeoutFor } = table;
  if (!Array.isArray(routes)) problems.push('lib/routes.ts exports no `routes` array');
  if (!Array.isArray(queueConsumers)) problems.push('lib/routes.ts exports no `queueConsumers` array');
  if (typeof visibilityTimeoutFor !== 'function') problems.push('lib/routes.ts exports no `visibilityTimeoutFor` function');
  if (problems.length) throw new Error(`Route table: ${problems.join('; ')}.`);

  const names = new Set();
  const routeKeys = new Set();
  const entries = [...routes.map((r) => ['route', r]), ...queueConsumers.map((c) => ['queue consumer', c])];
  for (const [kind, def] of entries) {
    if (!NAME_PATTERN.test(def.name ?? '')) problems.push(`${kind} name "${def.name}" is not a plain identifier (letters and digits, at most 40)`);
    if (names.has(def.name)) problems.push(`name "${def.name}" is used twice`);
    names.add(def.name);
    if (def.localOnly) continue;
    if (typeof def.handler !== 'string' || !fs.existsSync(path.join(ROOT, def.handler))) {
      problems.push(`${kind} "${def.name}": handler file ${def.handler} does not exist`);
    }
    if (def.timeout !== undefined && (!Number.isInteger(def.timeout) || def.timeout < 1 || def.timeout > 900)) {
      problems.push(`${kind} "${def.name}": timeout ${def.timeout} is not a whole number of seconds from 1 to 900`);
    }
    if (def.memorySize !== undefined && (!Number.isInteger(def.memorySize) || def.memorySize < 128 || def.memorySize > 10240)) {
      problems.push(`${kind} "${def.name}": memorySize ${def.memorySize} is not from 128 to 10240 MB`);
    }
  }
  for (const route of routes) {
    if (route.localOnly) continue;
    if ((route.timeout ?? 0) > MAX_HTTP_TIMEOUT) {
      problems.push(`route "${route.name}": timeout ${route.timeout} s is above ${MAX_HTTP_TIMEOUT} s (the HTTP API stops waiting at 30 s)`);
    }
    if (route.path !== '$default' && !/^\/\S*$/.test(route.path)) problems.push(`route "${route.name}": path "${route.path}" does not start with /`);
    const key = route.path === '$default' ? '$default' : `${route.method} ${route.path}`;
    if (routeKeys.has(key)) problems.push(`route "${key}" is declared twice`);
    routeKeys.add(key);
  }
  const queues = new Set();
  for (const consumer of queueConsumers) {
    if (!QUEUE_PATTERN.test(consumer.queue ?? '')) problems.push(`queue consumer "${consumer.name}": queue "${consumer.queue}" is not lower-case letters, digits and dashes`);
    if (queues.has(consumer.queue)) problems.push(`queue "${consumer.queue}" has two consumers`);
    queues.add(consumer.queue);
    if (!Number.isInteger(consumer.batchSize) || consumer.batchSize < 1 || consumer.batchSize > 10) {
      problems.push(`queue consumer "${consumer.name}": batchSize ${consumer.batchSize} is not from 1 to 10`);
    }
    if (!Number.isInteger(consumer.maxReceiveCount) || consumer.maxReceiveCount < 1 || consumer.maxReceiveCount > 1000) {
      problems.push(`queue consumer "${consumer.name}": maxReceiveCount ${consumer.maxReceiveCount} is not from 1 to 1000`);
    }
    const visibility = visibilityTimeoutFor(consumer);
    if (!(visibility > consumer.timeout) || visibility > 43200) {
      problems.push(`queue "${consumer.queue}": visibility timeout ${visibility} s must exceed its consumer's timeout ${consumer.timeout} s and stay within 43200 s`);
    }
  }
  if (problems.length) throw new Error(`Route table (lib/routes.ts): ${problems.join('; ')}.`);
}

/** PascalCase of a dashed queue name: `distribution-jobs` → `DistributionJobs`. */
function pascal(name) {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** CloudFormation logical ids of a queue and of its dead-letter queue. */
function queueLogicalIds(queue) {
  return { queue: `${pascal(queue)}Queue`, deadLetterQueue: `${pascal(queue)}DeadLetterQueue` };
}

/**
 * The table, checked. `deployedRoutes` are the routes that become Lambda functions (every route
 * but the local-only ones); `bundles` is every function to build: those routes and the consumers.
 */
function loadRouteTable() {
  if (cached) return cached;
  const table = compileRouteModule();
  check(table);
  const deployedRoutes = table.routes.filter((route) => !route.localOnly);
  cached = {
    routes: table.routes,
    queueConsumers: table.queueConsumers,
    visibilityTimeoutFor: table.visibilityTimeoutFor,
    deployedRoutes,
    bundles: [
      ...deployedRoutes.map((route) => ({ name: route.name, handler: route.handler })),
      ...table.queueConsumers.map((consumer) => ({ name: consumer.name, handler: consumer.handler })),
    ],
  };
  return cached;
}

module.exports = { loadRouteTable, queueLogicalIds, ROOT, MAX_HTTP_TIMEOUT };
