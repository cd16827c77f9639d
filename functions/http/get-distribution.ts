import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

// Placeholder until the route is implemented.
export const handler = async (_event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 501,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: 'Not implemented yet.',
});
