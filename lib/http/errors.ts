/**
 * The one place where errors become status codes. Known errors carry a sentence meant for the
 * client; anything else is a bug: logged with its stack, answered with a 500 that carries only
 * a correlation id.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger } from '../log.ts';
import { errorResponse, type HttpResponse } from './responses.ts';

const STATUS_BY_NAME: Record<string, number> = {
  BadRequestError: 400,
  UnauthorizedError: 401,
  NotFoundError: 404,
  PayloadTooLargeError: 413,
  UnsupportedMediaTypeError: 415,
  SourceFailedError: 502,
  ServiceUnavailableError: 503,
};

export function toHttpResponse(error: unknown, event: APIGatewayProxyEventV2, context: Pick<Context, 'awsRequestId'>): HttpResponse {
  const name = error instanceof Error ? error.name : '';
  const status = STATUS_BY_NAME[name];
  if (status === undefined) {
    const correlationId = context.awsRequestId || event.requestContext?.requestId || 'unknown';
    logger.error('Unexpected error', { correlationId, route: event.routeKey, error: error as Error });
    return errorResponse(
      event,
      500,
      `Internal error: this is a bug. Please report it with the correlation id ${correlationId}.`,
    );
  }
  const message = (error as Error).message;
  if (status >= 500) logger.warn('Request failed', { route: event.routeKey, status, reason: message });
  const response = errorResponse(event, status, message);
  if (status === 503) response.headers['retry-after'] = String((error as { retryAfterSeconds?: number }).retryAfterSeconds ?? 5);
  if (status === 401) response.headers['www-authenticate'] = 'Bearer';
  return response;
}

/** Use it first in the chain: middy runs onError handlers last-added first, so this one runs last. */
export function httpErrors(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      request.response = toHttpResponse(request.error, request.event, request.context);
    },
  };
}
