import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as docs } from '../../../functions/http/docs.ts';
import { handler as openapi } from '../../../functions/http/openapi.ts';
import { DOCS_CSP, renderDocsPage } from '../../../lib/docs/page.ts';
import { routes } from '../../../lib/routes.ts';

// No Authorization header and no API_TOKEN: both routes are open and need no secret.
const event = (requestContext: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  ({ version: '2.0', headers, rawPath: '/', requestContext }) as unknown as APIGatewayProxyEventV2;
const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

describe('GET /docs', () => {
  it('answers the page with its Content-Security-Policy, without a token', async () => {
    delete process.env.API_TOKEN;
    const response = await docs(event(), context);
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^text\/html/);
    expect(response.headers?.['content-security-policy']).toBe(DOCS_CSP);
    expect(response.body).toBe(renderDocsPage(routes));
  });
});

describe('GET /openapi.json', () => {
  it('answers JSON whose server is the stage URL the client reached', async () => {
    const response = await openapi(event({ domainName: 'abc.execute-api.eu-west-1.amazonaws.com', stage: 'prod' }), context);
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body!).servers[0].url).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod');
  });

  it('drops the stage from a custom domain', async () => {
    const response = await openapi(event({ domainName: 'media.example.org', stage: '$default' }), context);
    expect(JSON.parse(response.body!).servers[0].url).toBe('https://media.example.org');
  });
});
