import { NotFoundError } from '../../lib/errors.ts';
import { httpHandler } from '../../lib/http/handler.ts';

export const handler = httpHandler(async (event) => {
  const method = event.requestContext?.http?.method ?? 'GET';
  throw new NotFoundError(`There is no route ${method} ${event.rawPath}; see /docs for the routes this service offers.`);
});
