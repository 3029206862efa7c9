/** The invitation link: set a name and password, then log in. */
import type { Response } from 'express';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { HttpError } from '../http/errors';
import { renderPage } from '../http/render';
import { fieldMessages, parseBody } from '../http/validate';
import { ACCOUNT_MESSAGES, acceptInvitationForm } from './forms';
import { acceptInvitation, checkInvitation } from './invitation-service';
import { MIN_PASSWORD_LENGTH } from './password';
import { actorOf } from './request-user';
import { renderTokenProblem } from './token-pages';

export function registerInvitationRoutes(ctx: AppContext, r: GuardedRouter): void {
  const show = (res: Response, locals: Record<string, unknown>, status = 200) =>
    renderPage(res, 'accounts/invitation', { title: res.locals.t('invitation.title'), errors: [], ...locals }, status);

  r.get('/invitations/:token', 'public', async (req, res) => {
    const seen = await checkInvitation(ctx, String(req.params.token));
    if (!seen.ok) return renderTokenProblem(res, seen.problem, 'invitation');
    await show(res, {
      token: String(req.params.token),
      email: seen.email,
      name: seen.name,
      hasPassword: seen.hasPassword,
    });
  });

  r.post('/invitations/:token', 'public', async (req, res) => {
    const seen = await checkInvitation(ctx, String(req.params.token));
    if (!seen.ok) return renderTokenProblem(res, seen.problem, 'invitation');
    const raw = req.body as Record<string, unknown>;
    const locals = { token: String(req.params.token), email: seen.email, name: String(raw.name ?? '').slice(0, 100) };
    let form: ReturnType<typeof acceptInvitationForm.parse>;
    try {
      form = parseBody(acceptInvitationForm, raw, ACCOUNT_MESSAGES);
      // A new account must choose a password; an existing one keeps its own.
      if (!seen.hasPassword && (form.password ?? '').length < MIN_PASSWORD_LENGTH) {
        throw new HttpError(422, 'invalid_input', 'validation.password', {}, [
          { field: 'password', messageKey: 'validation.password' },
        ]);
      }
    } catch (err) {
      const errors = fieldMessages(err, res.locals.t);
      return show(res, { ...locals, hasPassword: seen.hasPassword, errors }, 422);
    }
    const done = await acceptInvitation(
      ctx,
      String(req.params.token),
      { name: form.name, password: seen.hasPassword ? null : (form.password ?? null) },
      actorOf(req),
    );
    if (!done.ok) return renderTokenProblem(res, done.problem, 'invitation');
    res.redirect('/login?welcome=1');
  });
}
