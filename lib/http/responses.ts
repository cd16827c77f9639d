/** Response shapes for API Gateway HTTP API (payload 2.0), shared by every HTTP function. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string | number | boolean> };

/** True when the client asked for JSON (`Accept: application/json` ranked above XML). */
export function wantsJson(event: Pick<APIGatewayProxyEventV2, 'headers'>): boolean {
  const accept = header(event, 'accept');
  if (!accept) return false;
  let best: { type: string; q: number } | undefined;
  for (const part of accept.split(',')) {
    const [rawType = '', ...params] = part.trim().toLowerCase().split(';');
    const type = rawType.trim();
    if (type !== 'application/json' && !type.endsWith('/xml') && type !== '*/*') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!best || q > best.q) best = { type, q };
  }
  return best?.type === 'application/json';
}

export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

export function xml(body: string, status = 200): HttpResponse {
  return { statusCode: status, headers: { 'content-type': 'text/xml; charset=utf-8' }, body };
}

export function json(body: unknown, status = 200): HttpResponse {
  return { statusCode: status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

export function text(body: string, status = 200): HttpResponse {
  return { statusCode: status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

export function html(body: string, status = 200): HttpResponse {
  return { statusCode: status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

/** An error sentence in the form the client asked for. */
export function errorResponse(event: Pick<APIGatewayProxyEventV2, 'headers'>, status: number, message: string): HttpResponse {
  return wantsJson(event) ? json({ status, message }, status) : text(message, status);
}
