/** Login (password, then TOTP when enrolled) and logout. */
import type { NextFunction, Request, Response } from 'express';
import { Strategy as LocalStrategy } from 'passport-local';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { HttpError } from '../http/errors';
import { safeNext } from '../http/redirect';
import { renderPage } from '../http/render';
import { fieldMessages, parseBody } from '../http/validate';
import type { Authentication } from './authentication';
import { ACCOUNT_MESSAGES, loginForm, secondFactorForm } from './forms';
import { checkCredentials, completeLogin, type LoginResult } from './login-service';
import { actorOf, currentUser } from './request-user';
import type { SessionUser } from './session-user';
import { verifySecondFactor } from './two-factor-service';

/** How long a password-verified login may wait for its second factor. */
const PENDING_LOGIN_MS = 10 * 60_000;

interface PendingLogin {
  userId: string;
  at: number;
}

type SessionWithPending = Request['session'] & { pendingLogin?: PendingLogin };

/** Where a login lands when no `next` says otherwise: the secretariat at its work, everyone else at the directory. */
function landingFor(user: SessionUser): string {
  return user.isSecretariat ? '/admin' : '/';
}

function logIn(req: Request, user: SessionUser): Promise<void> {
  // Passport regenerates the session here: a session id known before login is useless after it.
  return new Promise((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

export function registerLoginRoutes(ctx: AppContext, r: GuardedRouter, auth: Authentication): void {
  auth.passport.use(
    new LocalStrategy({ usernameField: 'email', passReqToCallback: true }, (req, email, password, done) => {
      checkCredentials(ctx, { email, password }, actorOf(req)).then(
        (result) => done(null, result.kind === 'ok' ? result.user : false, { ...result, message: result.kind }),
        done,
      );
    }),
  );

  const showLogin = async (res: Response, locals: Record<string, unknown>, status = 200) => {
    await renderPage(
      res,
      'accounts/login',
      { title: res.locals.t('login.title'), email: '', errors: [], next: '', notice: null, ...locals },
      status,
    );
  };

  r.get('/login', 'public', async (req, res) => {
    const next = safeNext(req.query.next, '');
    const signedIn = currentUser(req);
    if (signedIn) return res.redirect(next || landingFor(signedIn));
    const t = res.locals.t;
    const notice = req.query.reset ? t('login.resetDone') : req.query.welcome ? t('login.welcome') : null;
    await showLogin(res, { next, notice });
  });

  r.post('/login', 'public', async (req, res, nextHandler: NextFunction) => {
    const t = res.locals.t;
    const raw = req.body as Record<string, unknown>;
    let form: ReturnType<typeof loginForm.parse>;
    try {
      form = parseBody(loginForm, raw, ACCOUNT_MESSAGES);
    } catch (err) {
      const errors = fieldMessages(err, t);
      return showLogin(
        res,
        { email: String(raw.email ?? '').slice(0, 254), errors, next: safeNext(raw.next, '') },
        422,
      );
    }
    /** The page asked for, if any; otherwise the user's landing, known once they are. */
    const next = safeNext(form.next, '');
    const result = await new Promise<LoginResult>((resolve, reject) => {
      auth.passport.authenticate('local', (err: unknown, _user: unknown, info: LoginResult) =>
        err ? reject(err) : resolve(info),
      )(req, res, nextHandler);
    });
    if (result.kind === 'limited') {
      res.set('Retry-After', String(result.retryAfterSeconds));
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      return showLogin(res, { email: form.email, errors: [t('error.rateLimited', { minutes })], next: form.next }, 429);
    }
    if (result.kind === 'invalid') {
      return showLogin(res, { email: form.email, errors: [t('login.invalid')], next: form.next }, 401);
    }
    if (result.kind === 'second-factor') {
      await regenerate(req);
      (req.session as SessionWithPending).pendingLogin = { userId: result.userId, at: ctx.clock.now().getTime() };
      return res.redirect(`/login/2fa${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    }
    await logIn(req, result.user);
    res.redirect(next || landingFor(result.user));
  });

  const pendingOf = (req: Request): PendingLogin | null => {
    const pending = (req.session as SessionWithPending | undefined)?.pendingLogin;
    if (!pending || ctx.clock.now().getTime() - pending.at > PENDING_LOGIN_MS) return null;
    return pending;
  };

  const showSecondFactor = async (res: Response, locals: Record<string, unknown>, status = 200) => {
    await renderPage(
      res,
      'accounts/login-2fa',
      { title: res.locals.t('login.twofa.title'), errors: [], ...locals },
      status,
    );
  };

  r.get('/login/2fa', 'public', async (req, res) => {
    if (!pendingOf(req)) return res.redirect('/login');
    await showSecondFactor(res, { next: safeNext(req.query.next, '') });
  });

  r.post('/login/2fa', 'public', async (req, res) => {
    const t = res.locals.t;
    const pending = pendingOf(req);
    if (!pending) return res.redirect('/login');
    const raw = req.body as Record<string, unknown>;
    const next = safeNext(raw.next, '');
    let form: ReturnType<typeof secondFactorForm.parse>;
    try {
      form = parseBody(secondFactorForm, raw, ACCOUNT_MESSAGES);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return showSecondFactor(res, { errors: [t('login.twofa.invalid')], next: safeNext(raw.next, '') }, 422);
    }
    const actor = actorOf(req);
    const verdict = await verifySecondFactor(ctx, pending.userId, actor, form.code);
    if (verdict.kind === 'limited') {
      res.set('Retry-After', String(verdict.retryAfterSeconds));
      const minutes = Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60));
      return showSecondFactor(res, { errors: [t('error.rateLimited', { minutes })], next: form.next }, 429);
    }
    if (verdict.kind === 'invalid') {
      return showSecondFactor(res, { errors: [t('login.twofa.invalid')], next: form.next }, 401);
    }
    const done = await completeLogin(ctx, pending.userId, actor, verdict.method);
    if (done.kind !== 'ok') return res.redirect('/login');
    await logIn(req, done.user);
    res.redirect(next || landingFor(done.user));
  });

  r.post('/logout', 'public', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('registry.sid');
    res.redirect('/');
  });
}
