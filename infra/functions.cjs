'use strict';
/**
 * The `functions:` section of serverless.yml, made from lib/routes.ts:
 *   - one function per HTTP route that is not `localOnly`, with an `httpApi` event for its method
 *     and path (the `$default` route is osls's `httpApi: '*'`, which it compiles to RouteKey
 *     `$default` with method ANY);
 *   - one function per queue consumer, with an `sqs` event on its queue (infra/queues.cjs makes
 *     the queue) that reports partial batch failures.
 * Each function is packaged alone: its zip holds only dist/<name>/ (scripts/build.mjs writes it).
 *
 * serverless.yml: `functions: ${file(./infra/functions.cjs)}`.
 */
const { loadRouteTable, queueLogicalIds } = require('./route-table.cjs');

/** Seconds Lambda waits to fill a batch: short, so a lone job starts almost at once. */
const MAXIMUM_BATCHING_WINDOW = 1;

const describe = (text) => (text.length <= 256 ? text : `${text.slice(0, 253)}...`);

const sizing = (def) => ({
  ...(def.timeout !== undefined ? { timeout: def.timeout } : {}),
  ...(def.memorySize !== undefined ? { memorySize: def.memorySize } : {}),
});

const packaged = (name) => ({ patterns: ['!**', `dist/${name}/**`] });

function functions() {
  const { deployedRoutes, queueConsumers } = loadRouteTable();
  const result = {};
  for (const route of deployedRoutes) {
    const catchAll = route.path === '$default';
    result[route.name] = {
      handler: `dist/${route.name}/index.handler`,
      description: describe(`${catchAll ? '$default' : `${route.method} ${route.path}`}: ${route.summary}`),
      ...sizing(route),
      package: packaged(route.name),
      events: [{ httpApi: catchAll ? '*' : { method: route.method, path: route.path } }],
    };
  }
  for (const consumer of queueConsumers) {
    result[consumer.name] = {
      handler: `dist/${consumer.name}/index.handler`,
      description: describe(`${consumer.queue} queue: ${consumer.description}`),
      ...sizing(consumer),
      package: packaged(consumer.name),
      events: [
        {
          sqs: {
            arn: { 'Fn::GetAtt': [queueLogicalIds(consumer.queue).queue, 'Arn'] },
            batchSize: consumer.batchSize,
            maximumBatchingWindow: MAXIMUM_BATCHING_WINDOW,
            functionResponseType: 'ReportBatchItemFailures',
          },
        },
      ],
    };
  }
  return result;
}

module.exports = functions;
