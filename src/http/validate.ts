import type { z } from 'zod';
import type { MessageKey, Translate } from '../i18n';
import { type FieldError, HttpError, invalidQuery, unprocessable } from './errors';

/**
 * Each schema field names the message key its errors show (`messages`), so the caller reads one clear sentence in
 * their language instead of zod's English.
 */
function toFieldErrors(error: z.ZodError, messages: Partial<Record<string, MessageKey>>): FieldError[] {
  const seen = new Set<string>();
  const fields: FieldError[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (seen.has(field)) continue;
    seen.add(field);
    const messageKey = messages[field];
    fields.push(messageKey ? { field, messageKey } : { field, messageKey: 'validation.unknown', params: { field } });
  }
  return fields;
}

export function parseQuery<S extends z.ZodType>(
  schema: S,
  query: unknown,
  messages: Partial<Record<string, MessageKey>>,
): z.output<S> {
  const result = schema.safeParse(query ?? {});
  if (!result.success) throw invalidQuery(toFieldErrors(result.error, messages));
  return result.data;
}

export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  messages: Partial<Record<string, MessageKey>>,
): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw unprocessable(toFieldErrors(result.error, messages));
  return result.data;
}

/**
 * The field messages of a validation error, for re-rendering a form in the user's language; anything that is not
 * an HttpError is rethrown to the error handler.
 */
export function fieldMessages(err: unknown, t: Translate): string[] {
  if (!(err instanceof HttpError)) throw err;
  return err.fields.map((f) => t(f.messageKey, f.params));
}

/**
 * What a refused form submission tells the user, for re-showing the page: field errors (422) one per field, or the
 * error's own message (409: out of turn, stale page). Anything else is rethrown to the error handler.
 */
export function refusalMessages(err: unknown, t: Translate, statuses: readonly number[] = [409, 422]): string[] {
  if (!(err instanceof HttpError) || !statuses.includes(err.status)) throw err;
  return err.fields.length ? err.fields.map((f) => t(f.messageKey, f.params)) : [t(err.messageKey, err.params)];
}
