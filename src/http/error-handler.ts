import type { NextFunction, Request, Response } from 'express';
import { record } from '../audit/service';
import type { AppContext } from '../context';
import { actorOf } from './actor';
import { HttpError, notFound, payloadTooLarge, unsupportedMediaType } from './errors';
import { setLocaleLocals } from './locale';
import { renderPage } from './render';

/** Paths whose callers are programs: errors answer JSON there, a page everywhere else. */
export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/api' || req.path === '/healthz' || req.path === '/readyz';
}

/** Keyserver paths are read by gpg and scripts: errors there answer plain text, never a page or a redirect. */
function wantsPlainText(req: Request): boolean {
  return req.path.startsWith('/pks/') || req.path.startsWith('/vks/') || /^\/teams\/[^/]+\/key\.asc$/.test(req.path);
}

/** Maps what body parsers and Express throw onto our errors; anything unknown becomes a 500. */
function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; name?: string; code?: string };
  if (e?.type === 'entity.too.large') return payloadTooLarge();
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return unsupportedMediaType();
  if (e?.type === 'entity.parse.failed' || e?.type === 'request.aborted' || e?.type === 'entity.verify.failed') {
    return new HttpError(400, 'malformed_body', 'error.malformedBody');
  }
  const status = e?.status ?? e?.statusCode;
  // Errors from Express's own layers (e.g. a malformed URI in a path parameter) carry a client status.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, 'bad_request', status === 404 ? 'error.notFound' : 'error.badRequest');
  }
  return null;
}

export function notFoundHandler(_req: Request, _res: Response, next: NextFunction) {
  next(notFound());
}

/** A refused access is a security event: it goes to the audit log (a failure to write it is only logged). */
async function auditRefusal(ctx: Pick<AppContext, 'db' | 'clock'>, req: Request, err: HttpError): Promise<void> {
  try {
    await record(ctx.db, actorOf(req), ctx.clock.now(), {
      action: 'access.denied',
      target: `${req.method} ${req.originalUrl.slice(0, 300)}`,
      details: { policy: err.params.action ?? err.code },
    });
  } catch (auditErr) {
    req.log?.warn({ err: auditErr }, 'could not audit a refused access');
  }
}

export function createErrorHandler(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>) {
  return async function errorHandler(err: unknown, req: Request, res: Response, next: NextFunction) {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = toHttpError(err);
    const requestId = String(req.id ?? '');
    if (!known) req.log?.error({ err }, 'unhandled error');
    else if (known.status >= 500) req.log?.warn({ code: known.code }, 'service error');
    if (known?.status === 403 && known.code === 'forbidden') await auditRefusal(ctx, req, known);

    // A page asked for without a login leads to the login form, and back afterwards. (A form posted without one
    // gets the 401 page with a login link: going "back" to a POST-only address would not work.)
    if (known?.status === 401 && !wantsJson(req) && !wantsPlainText(req) && req.method === 'GET') {
      res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }

    const status = known?.status ?? 500;
    // A request refused before the page middleware ran (at the edge) still gets a page in the reader's language.
    if (!res.locals.t) setLocaleLocals(req, res, ctx.config);
    const t = res.locals.t;
    const message = known ? t(known.messageKey, known.params) : t('error.internal', { requestId });
    const code = known?.code ?? 'internal_error';
    const fields = (known?.fields ?? []).map((f) => ({ field: f.field, message: t(f.messageKey, f.params) }));

    res.setHeader('Cache-Control', 'no-store');
    // What the route had begun to answer is not what the error is: res.json keeps a Content-Type set before it.
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Disposition');
    for (const [name, value] of Object.entries(known?.headers ?? {})) res.setHeader(name, value);
    if (wantsPlainText(req)) {
      res.status(status).type('text/plain; charset=utf-8').send(`${message}\n`);
      return;
    }
    if (wantsJson(req)) {
      res.status(status).json({ error: { code, message, ...(fields.length ? { fields } : {}), requestId } });
      return;
    }
    try {
      await renderPage(res, 'errors/error', { title: t('error.title'), status, message, fields }, status);
    } catch (renderErr) {
      // The error page itself failed: answer plainly rather than loop.
      req.log?.error({ err: renderErr }, 'error page failed to render');
      if (!res.headersSent) res.status(status).type('text/plain').send(message);
    }
  };
}
