/**
 * What a rejected form field says, one sentence per field: an empty required field says it is required, text that is
 * too long says the limit and its length, anything else says what the field expects. zod reports all three as
 * failures of the same field; telling them apart here keeps "within 2000 characters" off an empty field.
 */
import type { z } from 'zod';
import type { FieldError } from '../http/errors';
import type { MessageKey } from '../i18n';

export interface FormFieldSpec {
  /** The field's own message: what it expects (a format, a choice). */
  messages: Partial<Record<string, MessageKey>>;
  /** The field's name as the reader sees it; fields with a label get the generic required / too-long sentences. */
  labels: Partial<Record<string, MessageKey>>;
  /** Fields chosen rather than typed (selects, checkbox groups): their own message already says "choose". */
  choices?: ReadonlySet<string>;
}

type Issue = z.ZodError['issues'][number];

function isBlank(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (Array.isArray(raw)) return raw.length === 0;
  return typeof raw === 'string' && raw.trim() === '';
}

function describe(issue: Issue, field: string, body: Record<string, unknown>, spec: FormFieldSpec): FieldError {
  const raw = body[field];
  const label = spec.labels[field];
  const typed = label && !spec.choices?.has(field);
  if (typed && isBlank(raw)) return { field, messageKey: 'entry.error.required', params: { field: `msg:${label}` } };
  if (typed && issue.code === 'too_big' && issue.origin === 'string') {
    const length = [...String(raw).trim()].length;
    return {
      field,
      messageKey: 'entry.error.tooLong',
      params: { field: `msg:${label}`, max: Number(issue.maximum), length },
    };
  }
  const own = spec.messages[field];
  return own ? { field, messageKey: own } : { field, messageKey: 'validation.unknown', params: { field } };
}

/** One error per field, in the order the fields failed; fields already in `known` are left to their earlier error. */
export function fieldErrorsFrom(
  issues: readonly Issue[],
  body: Record<string, unknown>,
  spec: FormFieldSpec,
  known: readonly FieldError[] = [],
): FieldError[] {
  const seen = new Set(known.map((e) => e.field));
  const out: FieldError[] = [];
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (seen.has(field)) continue;
    seen.add(field);
    out.push(describe(issue, field, body, spec));
  }
  return out;
}
