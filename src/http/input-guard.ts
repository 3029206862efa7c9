/**
 * What text the application accepts, decided once at the edge: every query string and every parsed form body
 * passes through here before any route sees it.
 *
 * Refused, with 400 (query) or 422 (body) naming the field:
 * - C0 control characters other than tab, line feed and carriage return, DEL and the C1 controls. PostgreSQL
 *   refuses NUL outright (that was a 500 everywhere); the others have no place in a name, an address or an
 *   introduction, and some make logs and exports lie.
 * - Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what a reader sees, so an
 *   address or a fingerprint could read as something it is not. The plain marks (U+200E, U+200F) stay allowed.
 * - Text that is not well-formed Unicode (a lone surrogate) and the noncharacters U+FFFE / U+FFFF.
 * - Keys that name an object's machinery (`__proto__`, `constructor`, `prototype`): no form has such a field, and a
 *   parser that honours them would change the shape of the object every route reads.
 * - Nesting deeper than a form can post (multer and `qs` can build objects; our forms are flat, with lists).
 */
import type { NextFunction, Request, Response } from 'express';
import type { MessageKey } from '../i18n';
import { HttpError } from './errors';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 3;
const FORBIDDEN_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/u;

type TextProblem = 'control' | 'malformed';

/** Why a string is refused, or null when it is acceptable text. */
export function textProblem(value: string): TextProblem | null {
  if (!value.isWellFormed()) return 'malformed';
  return FORBIDDEN_CHARACTERS.test(value) ? 'control' : null;
}

interface InputProblem {
  field: string;
  problem: TextProblem | 'key' | 'depth';
}

/** The first refused value or key in a parsed query or body (field names joined with dots), or null. */
export function findInputProblem(value: unknown, field = '', depth = 0): InputProblem | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { field, problem } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return { field, problem: 'depth' };
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findInputProblem(item, field, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (Buffer.isBuffer(value)) return null;
  for (const key of Object.keys(value)) {
    const name = field ? `${field}.${key}` : key;
    const keyProblem = FORBIDDEN_KEYS.has(key) ? 'key' : textProblem(key);
    if (keyProblem) return { field: printable(name), problem: keyProblem };
    const found = findInputProblem((value as Record<string, unknown>)[key], name, depth + 1);
    if (found) return found;
  }
  return null;
}

/** A field name as it may be shown back: the refused characters replaced by U+FFFD, at most 60 characters. */
function printable(name: string): string {
  return name.toWellFormed().replace(new RegExp(FORBIDDEN_CHARACTERS.source, 'gu'), '\uFFFD').slice(0, 60);
}

const MESSAGE_OF = {
  control: 'input.error.control',
  malformed: 'input.error.malformed',
  key: 'input.error.key',
  depth: 'input.error.depth',
} as const;

/** The message key of a field's label, where a feature knows one (the message then names it in the reader's words). */
type FieldLabels = (field: string) => MessageKey | undefined;

function refusal(status: 400 | 422, found: InputProblem, labels: FieldLabels): HttpError {
  const field = printable(found.field) || '?';
  const messageKey = MESSAGE_OF[found.problem];
  const label = labels(field);
  // `msg:` makes the translator show the label in the reader's language; programs still get the field's name.
  const params = { field: label ? `msg:${label}` : field };
  return new HttpError(status, 'invalid_text', messageKey, params, [{ field, messageKey, params }]);
}

/**
 * Whether a URL's query string could hold anything refused: a refused character reaches the query only
 * percent-encoded (the HTTP parser refuses raw control bytes), and a refused key is spelt out. Most requests —
 * gpg's fetches, plain searches — have neither, and skip the parse.
 */
function mayHoldProblem(url: string): boolean {
  const start = url.indexOf('?');
  if (start < 0) return false;
  const query = url.slice(start + 1);
  return /%|[^\x21-\x7e]|(^|[&;])(__proto__|constructor|prototype)\b/.test(query);
}

/**
 * Refuses a request whose query string holds text the application does not accept (400). The query is parsed here
 * once and kept on the request: Express 5's req.query is a getter that parses the string again on every read, and a
 * request reads it several times (this guard, the language, the route's own parsing).
 */
export function guardQuery(labels: FieldLabels) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const query = req.query;
    Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
    const found = mayHoldProblem(req.url) ? findInputProblem(query) : null;
    next(found ? refusal(400, found, labels) : undefined);
  };
}

/** Refuses a parsed form body that holds text the application does not accept (422). */
export function guardBody(labels: FieldLabels) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const found = req.body && typeof req.body === 'object' ? findInputProblem(req.body) : null;
    next(found ? refusal(422, found, labels) : undefined);
  };
}
