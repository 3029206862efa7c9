/**
 * HTTP errors are made by these factories and rendered in one place (error-handler.ts). The message is an i18n
 * key, so the same error reads in the caller's language.
 */
import type { MessageKey, Params } from '../i18n';

export interface FieldError {
  field: string;
  messageKey: MessageKey;
  params?: Params;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** Stable, machine-readable id (API clients switch on it). */
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params: Params = {},
    readonly fields: FieldError[] = [],
    /** Extra response headers (Retry-After, …). */
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${code}`);
  }
}

export const badRequest = (code: string, messageKey: MessageKey = 'error.badRequest', params?: Params) =>
  new HttpError(400, code, messageKey, params);

/** Query-string problems answer 400; a submitted form or JSON body with bad fields answers 422. */
export const invalidQuery = (fields: FieldError[]) =>
  new HttpError(400, 'invalid_query', fields[0]?.messageKey ?? 'error.badRequest', fields[0]?.params, fields);

export const unprocessable = (fields: FieldError[]) =>
  new HttpError(422, 'invalid_input', fields[0]?.messageKey ?? 'error.badRequest', fields[0]?.params, fields);

export const notFound = (messageKey: MessageKey = 'error.notFound', params?: Params) =>
  new HttpError(404, 'not_found', messageKey, params);

/** Not signed in (401): pages redirect to the login form instead. */
export const unauthorized = () => new HttpError(401, 'unauthorized', 'error.unauthorized');

/** Signed in but not allowed (403). `action` is kept for the audit entry, never shown. */
export const forbidden = (action = 'unknown') => new HttpError(403, 'forbidden', 'error.forbidden', { action });

export const csrfFailed = () => new HttpError(403, 'csrf', 'error.csrf');

export const tooManyRequests = (retryAfterSeconds: number) =>
  new HttpError(
    429,
    'rate_limited',
    'error.rateLimited',
    { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
    [],
    {
      'Retry-After': String(retryAfterSeconds),
    },
  );

export const conflict = (code: string, messageKey: MessageKey, params?: Params) =>
  new HttpError(409, code, messageKey, params);

export const payloadTooLarge = () => new HttpError(413, 'payload_too_large', 'error.payloadTooLarge');

export const unsupportedMediaType = () => new HttpError(415, 'unsupported_media_type', 'error.unsupportedMediaType');
