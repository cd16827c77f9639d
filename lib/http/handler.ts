/**
 * Builds an HTTP function: a plain async route function wrapped in the one middy chain every
 * route shares (errors → status codes, optional bearer auth, request logging context).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger } from '../log.ts';
import { bearerAuth } from './auth.ts';
import { httpErrors } from './errors.ts';

export type RouteFunction = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface HttpHandlerOptions {
  /** Bearer token, read lazily so the docs and health routes need no secret. */
  token?: () => string;
}

export function httpHandler(route: RouteFunction, options: HttpHandlerOptions = {}) {
  const chain = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(route).use(httpErrors());
  chain.use({
    before: async (request) => {
      logger.resetKeys();
      logger.addContext(request.context);
      logger.appendKeys({ route: request.event.routeKey, requestId: request.event.requestContext?.requestId });
    },
  });
  if (options.token) chain.use(bearerAuth(options.token));
  return chain;
}
