/**
 * Sessions (in the database), Passport (one instance per app, so tests can build several), and API tokens
 * (Authorization: Bearer …) for scripts. Credentials are checked in login-service.ts; Passport carries the result.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import type { AppContext } from '../context';
import { unauthorized } from '../http/errors';
import { authenticateApiToken } from './api-token-service';
import { DatabaseSessionStore } from './session-store';
import { loadSessionUser, type SessionUser } from './session-user';

const SESSION_COOKIE = 'registry.sid';

export interface Authentication {
  passport: InstanceType<typeof Passport>;
  store: DatabaseSessionStore;
  middleware: RequestHandler[];
}

export function createAuthentication(ctx: AppContext): Authentication {
  const ttlMs = ctx.config.sessionTtlHours * 60 * 60_000;
  const store = new DatabaseSessionStore(ctx.db, ctx.clock, ttlMs);
  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, (user as SessionUser).id));
  passport.deserializeUser((id: string, done) => {
    loadSessionUser(ctx.db, id).then((user) => done(null, user ?? false), done);
  });

  const sessions = session({
    name: SESSION_COOKIE,
    secret: ctx.config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: ctx.config.trustProxy !== false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: ctx.config.isProduction, maxAge: ttlMs },
  });

  // API and health calls without a session cookie (scripts, gpg, monitors) have no session to load, and creating
  // an empty one per call is measurable work (a random id, its hash, the wrapped response).
  const initialize = passport.initialize();
  const restoreSession = passport.session();
  const sessionsWhereUseful: RequestHandler = (req, res, next) => {
    const cookie = req.headers.cookie?.includes(`${SESSION_COOKIE}=`) ?? false;
    const programmatic =
      req.path.startsWith('/api/') ||
      req.path.startsWith('/pks/') ||
      req.path.startsWith('/vks/') ||
      /^\/teams\/[^/]+\/key\.asc$/.test(req.path) ||
      req.path === '/healthz' ||
      req.path === '/readyz';
    if (programmatic && !cookie) return next();
    if (!cookie && (req.method === 'GET' || req.method === 'HEAD')) {
      sessionOnFirstUse(req, () => initialize(req, res, () => sessions(req, res, noop)));
      return next();
    }
    initialize(req, res, () =>
      sessions(req, res, (err?: unknown) => (err ? next(err) : restoreSession(req, res, next))),
    );
  };

  return {
    passport,
    store,
    middleware: [sessionsWhereUseful, apiTokens(ctx)],
  };
}

const noop = () => undefined;

/**
 * A page read without a session cookie has no session to restore and nobody signed in: most such reads (the
 * directory, team pages) never touch a session, so none is made for them. The first read of req.session (a form's
 * CSRF token, http/csrf.ts) makes it then, as express-session would have at the start: for a request without a
 * cookie it generates a new session synchronously and hooks the response to save it and set the cookie, which works
 * the same until the headers are sent. Writes (POST) and requests with a cookie always load their session first.
 */
function sessionOnFirstUse(req: Request, open: () => void): void {
  const settle = (value: unknown) =>
    Object.defineProperty(req, 'session', { value, writable: true, configurable: true, enumerable: true });
  Object.defineProperty(req, 'session', {
    configurable: true,
    enumerable: true,
    get() {
      // express-session skips a request that already has req.session: the accessor goes before it runs.
      delete (req as { session?: unknown }).session;
      open();
      return (req as { session?: unknown }).session;
    },
    set: settle,
  });
}

/**
 * A Bearer token, when sent, is checked here (a bad one answers 401) and kept aside as `req.bearer`. It does not
 * make anyone signed in: only routes that accept tokens (the API, feeds, keys and exports, by GET; see
 * http/access.ts) let it stand for its owner, and only within its scopes. Everywhere else a token is refused, so a
 * token can never submit a form, change a setting or mint another token.
 */
function apiTokens(ctx: AppContext): RequestHandler {
  const check = async (header: string, req: Request, next: NextFunction) => {
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/i.exec(header.trim());
    const found = match ? await authenticateApiToken(ctx, match[1]) : null;
    if (!found) return next(unauthorized());
    req.bearer = found;
    next();
  };
  // Most calls carry no token: they go on at once, without an async step of their own.
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header) return next();
    return check(header, req, next);
  };
}
