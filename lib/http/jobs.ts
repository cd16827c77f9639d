/** Job responses: the JaxbJob XML Opencast clients parse, or JSON when asked for. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { jobToJson, jobToXml, type JobDocument } from '../jobs/format.ts';
import { header, json, wantsJson, xml, type HttpResponse } from './responses.ts';

/** The API's own base URL as the client reached it (custom domain or stage URL). */
export function apiBaseUrl(event: APIGatewayProxyEventV2): string {
  const proto = header(event, 'x-forwarded-proto')?.split(',')[0]?.trim() || 'https';
  const host = event.requestContext?.domainName || header(event, 'host') || 'localhost';
  const stage = event.requestContext?.stage;
  return `${proto}://${host}${stage && stage !== '$default' ? `/${stage}` : ''}`;
}

export function jobUrl(event: APIGatewayProxyEventV2, id: string): string {
  return `${apiBaseUrl(event)}/jobs/${id}.xml`;
}

export function jobResponse(event: APIGatewayProxyEventV2, doc: JobDocument, format?: 'xml' | 'json'): HttpResponse {
  const asJson = format ? format === 'json' : wantsJson(event);
  return asJson ? json(jobToJson(doc)) : xml(jobToXml(doc));
}
