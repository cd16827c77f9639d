import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { UnauthorizedError } from '../errors.ts';
import { header } from './responses.ts';

// Comparing digests keeps the comparison constant-time whatever the presented token's length.
const digest = (value: string) => createHash('sha256').update(value).digest();

export function isAuthorized(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!.trim()), digest(token));
}

export function bearerAuth(token: () => string): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: async (request) => {
      const authorization = header(request.event, 'authorization');
      if (!authorization) throw new UnauthorizedError('Authentication required: send the header "Authorization: Bearer <token>".');
      if (!isAuthorized(authorization, token())) throw new UnauthorizedError('The bearer token is not valid.');
    },
  };
}
