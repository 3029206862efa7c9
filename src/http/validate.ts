import type { z } from 'zod';
import type { MessageKey, Translate } from '../i18n';
import { type FieldError, HttpError, invalidQuery, unprocessable } from './errors';

type Issue = z.ZodError['issues'][number];

/**
 * How a failed field is said. Usually each schema field names the message key its errors show, so the caller
 * reads one clear sentence in their language instead of zod's English; forms whose sentences need more (the
 * field's label, its length) pass a describer instead.
 */
export type FieldMessages = Partial<Record<string, MessageKey>> | ((issues: readonly Issue[]) => FieldError[]);

/** One error per field, the first issue of each. */
function toFieldErrors(issues: readonly Issue[], messages: Partial<Record<string, MessageKey>>): FieldError[] {
  const seen = new Set<string>();
  const fields: FieldError[] = [];
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (seen.has(field)) continue;
    seen.add(field);
    const messageKey = messages[field];
    fields.push(messageKey ? { field, messageKey } : { field, messageKey: 'validation.unknown', params: { field } });
  }
  return fields;
}

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

/**
 * The one way input is validated: the data, or the field errors. For a form that is re-shown with every problem
 * at once; parseQuery and parseBody below turn the errors into the 400 or 422 for everything else.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  messages: FieldMessages,
): Validation<z.output<S>> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return { ok: true, data: result.data };
  const issues = result.error.issues;
  return { ok: false, errors: typeof messages === 'function' ? messages(issues) : toFieldErrors(issues, messages) };
}

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown, messages: FieldMessages): z.output<S> {
  const result = validate(schema, query, messages);
  if (!result.ok) throw invalidQuery(result.errors);
  return result.data;
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown, messages: FieldMessages): z.output<S> {
  const result = validate(schema, body, messages);
  if (!result.ok) throw unprocessable(result.errors);
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
