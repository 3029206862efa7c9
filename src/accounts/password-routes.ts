/** "Forgot your password?" and the reset link. */
import type { Response } from 'express';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { renderPage } from '../http/render';
import { fieldMessages, parseBody } from '../http/validate';
import { ACCOUNT_MESSAGES, forgotForm, resetForm } from './forms';
import { checkResetToken, requestPasswordReset, resetPassword } from './password-service';
import { actorOf } from './request-user';
import { renderTokenProblem } from './token-pages';

export function registerPasswordRoutes(ctx: AppContext, r: GuardedRouter): void {
  const showForgot = (res: Response, locals: Record<string, unknown>, status = 200) =>
    renderPage(
      res,
      'accounts/forgot',
      { title: res.locals.t('forgot.title'), email: '', errors: [], sent: false, ...locals },
      status,
    );

  r.get('/password/forgot', 'public', async (_req, res) => showForgot(res, {}));

  r.post('/password/forgot', 'public', async (req, res) => {
    const raw = req.body as Record<string, unknown>;
    let form: ReturnType<typeof forgotForm.parse>;
    try {
      form = parseBody(forgotForm, raw, ACCOUNT_MESSAGES);
    } catch (err) {
      return showForgot(
        res,
        { email: String(raw.email ?? '').slice(0, 254), errors: fieldMessages(err, res.locals.t) },
        422,
      );
    }
    const verdict = await requestPasswordReset(ctx, form.email, actorOf(req));
    if (verdict.limited) {
      res.set('Retry-After', String(verdict.retryAfterSeconds));
      const minutes = Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60));
      return showForgot(res, { email: form.email, errors: [res.locals.t('error.rateLimited', { minutes })] }, 429);
    }
    await showForgot(res, { email: form.email, sent: true });
  });

  const showReset = (res: Response, token: string, locals: Record<string, unknown>, status = 200) =>
    renderPage(res, 'accounts/reset', { title: res.locals.t('reset.title'), token, errors: [], ...locals }, status);

  r.get('/password/reset/:token', 'public', async (req, res) => {
    const seen = await checkResetToken(ctx, String(req.params.token));
    if (!seen.ok) return renderTokenProblem(res, seen.problem, 'reset');
    await showReset(res, String(req.params.token), { email: seen.token.email });
  });

  r.post('/password/reset/:token', 'public', async (req, res) => {
    const seen = await checkResetToken(ctx, String(req.params.token));
    if (!seen.ok) return renderTokenProblem(res, seen.problem, 'reset');
    let form: ReturnType<typeof resetForm.parse>;
    try {
      form = parseBody(resetForm, req.body, ACCOUNT_MESSAGES);
    } catch (err) {
      return showReset(
        res,
        String(req.params.token),
        { email: seen.token.email, errors: fieldMessages(err, res.locals.t) },
        422,
      );
    }
    const done = await resetPassword(ctx, String(req.params.token), form.password, actorOf(req));
    if (!done.ok) return renderTokenProblem(res, done.problem, 'reset');
    res.redirect('/login?reset=1');
  });
}
