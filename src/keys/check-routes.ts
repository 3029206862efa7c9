/**
 * The public key check: POST /api/v1/keys/check (the key as the body) and the /keys/check page (paste or upload).
 * Nothing is stored. Rate-limited per client address; the input never reaches the logs.
 */
import express, { type Request, type Response } from 'express';
import { RULES, takeAttempt } from '../accounts/rate-limit';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { badRequest, tooManyRequests, unsupportedMediaType } from '../http/errors';
import { uploadedFile } from '../http/forms';
import { renderPage } from '../http/render';
import { checkKey, KEY_SIZE_LIMIT } from '../pgp';
import { presentCheck } from './check-presenter';

const KEY_BODY_TYPES = ['text/plain', 'application/pgp-keys', 'application/octet-stream'];
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function optionalEmail(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 254 || !EMAIL.test(value.trim())) {
    throw badRequest('invalid_email', 'validation.email');
  }
  return value.trim();
}

async function limitKeyChecks(ctx: Pick<AppContext, 'db' | 'clock'>, req: Request): Promise<void> {
  const now = ctx.clock.now();
  const keys = [`ip:${req.ip ?? 'unknown'}`];
  const attempt = await takeAttempt(ctx.db, [[RULES.keyCheck, keys]], now);
  if (attempt.limited) throw tooManyRequests(attempt.retryAfterSeconds);
}

export function registerKeyCheckApi(ctx: AppContext, api: GuardedRouter): void {
  const rawKey = express.raw({ type: () => true, limit: KEY_SIZE_LIMIT });
  api.post('/keys/check', 'public', rawKey, async (req, res) => {
    const type = (req.get('content-type') ?? 'text/plain').split(';')[0].trim().toLowerCase();
    if (!KEY_BODY_TYPES.includes(type)) throw unsupportedMediaType();
    const email = optionalEmail(req.query.email);
    await limitKeyChecks(ctx, req);
    const body = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
    const check = await checkKey(body, { now: ctx.clock.now(), email });
    res.json(presentCheck(check, res.locals.t, res.locals.fmtDate));
  });
}

export function registerKeyCheckPage(ctx: AppContext, r: GuardedRouter): void {
  const show = (res: Response, locals: Record<string, unknown>, status = 200) =>
    renderPage(
      res,
      'keys/check',
      { title: res.locals.t('keyCheck.title'), result: null, email: '', ...locals },
      status,
    );

  r.get('/keys/check', 'public', async (_req, res) => show(res, {}));

  r.post('/keys/check', 'public', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    let email: string | undefined;
    try {
      email = optionalEmail(body.email);
    } catch {
      return show(
        res,
        { email: String(body.email ?? '').slice(0, 254), formError: res.locals.t('validation.email') },
        422,
      );
    }
    await limitKeyChecks(ctx, req);
    const file = uploadedFile(req);
    const input = file ? new Uint8Array(file) : String(body.key ?? '');
    const check = await checkKey(input, { now: ctx.clock.now(), email });
    const result = presentCheck(check, res.locals.t, res.locals.fmtDate);
    await show(res, { result, email: email ?? '' }, result.ok ? 200 : 422);
  });
}
