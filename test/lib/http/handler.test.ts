import { describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { BadRequestError, ServiceUnavailableError, UnauthorizedError } from '../../../lib/errors.ts';
import { httpHandler } from '../../../lib/http/handler.ts';
import { text } from '../../../lib/http/responses.ts';
import { logger } from '../../../lib/log.ts';

const event = (headers: Record<string, string> = {}): APIGatewayProxyEventV2 =>
  ({ headers, routeKey: 'POST /distributesync', rawPath: '/distributesync', requestContext: { requestId: 'req-1' } }) as unknown as APIGatewayProxyEventV2;
const context = { awsRequestId: 'corr-123', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

describe('httpHandler', () => {
  it('maps a known error to its status with the sentence as body', async () => {
    const handler = httpHandler(async () => {
      throw new BadRequestError('The form parameter "channelId" is required.');
    });
    expect(await handler(event(), context)).toMatchObject({ statusCode: 400, body: 'The form parameter "channelId" is required.' });
  });

  it('answers JSON errors when the client asks for JSON', async () => {
    const handler = httpHandler(async () => {
      throw new BadRequestError('Bad.');
    });
    const response = await handler(event({ accept: 'application/json' }), context);
    expect(JSON.parse(response.body!)).toEqual({ status: 400, message: 'Bad.' });
  });

  it('adds Retry-After to a 503', async () => {
    const handler = httpHandler(async () => {
      throw new ServiceUnavailableError('Storage is unreachable right now. Please retry later.', 7);
    });
    expect(await handler(event(), context)).toMatchObject({ statusCode: 503, headers: { 'retry-after': '7' } });
  });

  it('turns an unexpected fault into a 500 with the correlation id and no stack trace', async () => {
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const handler = httpHandler(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x') at /var/task/index.mjs:1:2");
    });
    const response = await handler(event(), context);
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('Internal error: this is a bug. Please report it with the correlation id corr-123.');
    expect(response.body).not.toMatch(/TypeError|index\.mjs|reading/);
    expect(error).toHaveBeenCalledWith('Unexpected error', expect.objectContaining({ correlationId: 'corr-123' }));
    error.mockRestore();
  });

  it('refuses a missing or wrong bearer token with 401 before the route runs', async () => {
    const route = vi.fn(async () => text('ok'));
    const handler = httpHandler(route, { token: () => 's3cret' });
    expect(await handler(event(), context)).toMatchObject({ statusCode: 401, headers: { 'www-authenticate': 'Bearer' } });
    expect(await handler(event({ authorization: 'Bearer nope' }), context)).toMatchObject({ statusCode: 401, body: 'The bearer token is not valid.' });
    expect(route).not.toHaveBeenCalled();
    expect(await handler(event({ authorization: 'bearer s3cret' }), context)).toMatchObject({ statusCode: 200, body: 'ok' });
  });

  it('keeps a thrown UnauthorizedError from a route a 401', async () => {
    const handler = httpHandler(async () => {
      throw new UnauthorizedError('No.');
    });
    expect((await handler(event(), context)).statusCode).toBe(401);
  });
});
