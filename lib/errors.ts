/**
 * Every error the service answers deliberately. The HTTP error middleware maps them to status
 * codes by `name`; anything else is a bug and becomes a 500 with a correlation id.
 * Messages are one sentence a client can act on: they are sent as the response body.
 */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

export class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError';
}

/** An allowed source server answered with a 5xx or broke off: the client may retry later. */
export class SourceFailedError extends Error {
  override readonly name = 'SourceFailedError';
}

/** Storage or queue can't be reached: the request changed nothing and may be retried. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export type ServiceError =
  | BadRequestError
  | UnauthorizedError
  | NotFoundError
  | PayloadTooLargeError
  | UnsupportedMediaTypeError
  | SourceFailedError
  | ServiceUnavailableError;

/** Errors a queue worker must not retry: the same input fails the same way every time. */
export function isPermanent(error: unknown): boolean {
  return error instanceof BadRequestError || error instanceof NotFoundError;
}
