import { openApiDocument } from '../../lib/docs/openapi.ts';
import { httpHandler } from '../../lib/http/handler.ts';
import { apiBaseUrl } from '../../lib/http/jobs.ts';
import { json } from '../../lib/http/responses.ts';
import { routes } from '../../lib/routes.ts';

export const handler = httpHandler(async (event) => {
  // The server URL is the base this client reached (stage path included), so tools that load
  // the document from a deployment call that deployment.
  const response = json(openApiDocument(routes, { serverUrl: apiBaseUrl(event) }));
  response.headers['cache-control'] = 'no-cache';
  return response;
});
