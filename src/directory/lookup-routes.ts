/**
 * GET /api/v1/lookup?q=<indicator> and POST /api/v1/lookup (up to 1,000 indicators: one a line as text, or a JSON
 * array of strings): the team responsible for an address, a prefix, an AS number, a domain, an email or a URL.
 */
import express, { type Request } from 'express';
import { viewerOf } from '../accounts/request-user';
import type { GuardedRouter } from '../http/access';
import { badRequest, HttpError, invalidQuery, unprocessable } from '../http/errors';
import { findInputProblem } from '../http/input-guard';
import { sendSerialised } from '../http/serialised';
import { explained, LOOKUP_MAX, type LookupService } from './lookup';

/** 1,000 indicators of a generous length fit; anything larger is refused by the parser with 413. */
const BODY_LIMIT = '512kb';
const INDICATOR_MAX = 2048;

const lookupBodies = [
  express.text({ type: ['text/plain', 'text/csv'], limit: BODY_LIMIT }),
  express.json({ limit: BODY_LIMIT, strict: true }),
];

/** The indicators of a POST: text lines, a JSON array of strings, or a form's `q` (lines too). */
function indicatorsOf(req: Request): string[] {
  const body: unknown = req.body;
  let list: unknown[];
  if (typeof body === 'string') list = body.split(/\r?\n/);
  else if (Array.isArray(body)) list = body;
  else if (body && typeof body === 'object' && typeof (body as { q?: unknown }).q === 'string') {
    list = String((body as { q: string }).q).split(/\r?\n/);
  } else throw unprocessable([{ field: 'body', messageKey: 'lookup.error.body' }]);
  if (!list.every((v) => typeof v === 'string'))
    throw unprocessable([{ field: 'body', messageKey: 'lookup.error.body' }]);
  const lines = (list as string[]).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) throw unprocessable([{ field: 'body', messageKey: 'lookup.error.empty' }]);
  if (lines.length > LOOKUP_MAX) {
    throw unprocessable([
      { field: 'body', messageKey: 'lookup.error.tooMany', params: { max: LOOKUP_MAX, count: lines.length } },
    ]);
  }
  const problem = findInputProblem(lines);
  if (problem || lines.some((l) => l.length > INDICATOR_MAX)) {
    throw new HttpError(422, 'invalid_input', 'lookup.error.body');
  }
  return lines;
}

export function registerLookupApi(r: GuardedRouter, lookup: LookupService): void {
  r.get('/lookup', 'public', async (req, res) => {
    const q = req.query.q;
    if (typeof q !== 'string' || q.trim() === '') {
      throw invalidQuery([{ field: 'q', messageKey: 'lookup.error.empty' }]);
    }
    if (q.length > INDICATOR_MAX) throw badRequest('invalid_query', 'lookup.error.body');
    // Serialised once per cached answer, as the directory search is.
    const { answer } = await lookup.answerOne(q.trim(), viewerOf(req), req.app.get('json spaces'));
    if (!answer) {
      throw invalidQuery([{ field: 'q', messageKey: 'lookup.error.unrecognised', params: { query: q.trim() } }]);
    }
    sendSerialised(res, answer);
  });

  r.readingPost('/lookup', 'public', ...lookupBodies, async (req, res) => {
    const results = await lookup.lookupMany(indicatorsOf(req), viewerOf(req));
    res.json({ results: explained(results, res.locals.t) });
  });
}
