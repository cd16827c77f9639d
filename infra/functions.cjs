'use strict';
/**
 * The `functions:` section of serverless.yml, made from lib/routes.ts:
 *   - one function per HTTP route that is not `localOnly`, with an `httpApi` event for its method
 *     and path (the `$default` route is osls's `httpApi: '*'`, which it compiles to RouteKey
 *     `$default` with method ANY);
 *   - one function per queue consumer, with an `sqs` event on its queue (infra/queues.cjs makes
 *     the queue) that reports partial batch failures.
 * Each function is packaged alone: its zip holds only dist/<name>/ (scripts/build.mjs writes it).
 * With distributionMode=private, each function also gets the private-mode variables that
 * infra/private-distribution.cjs makes (on top of provider.environment); a public stack gets none.
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

async function functions({ resolveVariable }) {
  const { deployedRoutes, queueConsumers } = loadRouteTable();
  const { environment } = await resolveVariable('self:custom.privateDistribution');
  const withEnvironment = Object.keys(environment).length > 0 ? { environment } : {};
  const result = {};
  for (const route of deployedRoutes) {
    const catchAll = route.path === '$default';
    result[route.name] = {
      handler: `dist/${route.name}/index.handler`,
      description: describe(`${catchAll ? '$default' : `${route.method} ${route.path}`}: ${route.summary}`),
      ...sizing(route),
      ...withEnvironment,
      package: packaged(route.name),
      events: [{ httpApi: catchAll ? '*' : { method: route.method, path: route.path } }],
    };
  }
  for (const consumer of queueConsumers) {
    result[consumer.name] = {
      handler: `dist/${consumer.name}/index.handler`,
      description: describe(`${consumer.queue} queue: ${consumer.description}`),
      ...sizing(consumer),
      ...withEnvironment,
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
