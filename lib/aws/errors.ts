/** Turns SDK failures into the service's errors: unreachable or overloaded means 503. */
import { ServiceUnavailableError } from '../errors.ts';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH']);
const THROTTLING = new Set(['SlowDown', 'ServiceUnavailable', 'Throttling', 'ThrottlingException', 'RequestTimeout', 'InternalError', 'TimeoutError', 'RequestTimeTooSkewed']);

export function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && NETWORK_CODES.has(code)) return true;
  if (THROTTLING.has(error.name)) return true;
  const status = statusOf(error);
  return status !== undefined && status >= 500;
}

/** Rethrows `error`, as ServiceUnavailableError when the service could not be reached. */
export function rethrow(error: unknown, service: 'Storage' | 'The queue' | 'The CDN'): never {
  if (error instanceof ServiceUnavailableError) throw error;
  if (isUnavailable(error)) {
    throw new ServiceUnavailableError(`${service} is unreachable right now. Please retry later.`, 5, { cause: error });
  }
  throw error;
}
