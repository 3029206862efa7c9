/** Account settings: password, two-factor authentication, personal API tokens. */
import type { Request, Response } from 'express';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { renderPage } from '../http/render';
import { fieldMessages, parseBody } from '../http/validate';
import { createApiToken, listApiTokens, revokeApiToken } from './api-token-service';
import { ACCOUNT_MESSAGES, apiTokenForm, changePasswordForm, disableTwoFactorForm, enrolForm } from './forms';
import { changePassword } from './password-service';
import { actorOf, signedInUser } from './request-user';
import {
  beginEnrolment,
  confirmEnrolment,
  disableTwoFactor,
  pendingEnrolment,
  regenerateRecoveryCodes,
  remainingRecoveryCodes,
} from './two-factor-service';

export function registerSettingsRoutes(ctx: AppContext, r: GuardedRouter): void {
  const showAccount = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const user = signedInUser(req);
    await renderPage(
      res,
      'accounts/settings',
      {
        title: res.locals.t('account.title'),
        account: user,
        tokens: await listApiTokens(ctx, user.id),
        recoveryLeft: user.totpEnabled ? await remainingRecoveryCodes(ctx, user.id) : 0,
        newToken: null,
        passwordErrors: [],
        tokenErrors: [],
        notice: null,
        ...locals,
      },
      status,
    );
  };

  r.get('/account', 'signed-in', async (req, res) => showAccount(req, res));

  r.post('/account/password', 'signed-in', async (req, res) => {
    let form: ReturnType<typeof changePasswordForm.parse>;
    try {
      form = parseBody(changePasswordForm, req.body, ACCOUNT_MESSAGES);
    } catch (err) {
      return showAccount(req, res, { passwordErrors: fieldMessages(err, res.locals.t) }, 422);
    }
    const outcome = await changePassword(ctx, signedInUser(req), actorOf(req), {
      current: form.current,
      next: form.password,
      sessionId: req.sessionID,
    });
    if (outcome === 'wrong-password') {
      return showAccount(req, res, { passwordErrors: [res.locals.t('validation.currentPassword')] }, 422);
    }
    await showAccount(req, res, { notice: res.locals.t('account.passwordChanged') });
  });

  r.post('/account/tokens', 'signed-in', async (req, res) => {
    let form: ReturnType<typeof apiTokenForm.parse>;
    try {
      form = parseBody(apiTokenForm, req.body, { name: 'validation.tokenName' });
    } catch (err) {
      return showAccount(req, res, { tokenErrors: fieldMessages(err, res.locals.t) }, 422);
    }
    const created = await createApiToken(ctx, signedInUser(req), actorOf(req), form.name);
    res.set('Cache-Control', 'no-store');
    await showAccount(req, res, { newToken: created.token });
  });

  r.post('/account/tokens/:id/revoke', 'signed-in', async (req, res) => {
    await revokeApiToken(ctx, signedInUser(req), actorOf(req), String(req.params.id));
    res.redirect('/account#tokens');
  });

  const showTwoFactor = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const user = signedInUser(req);
    await renderPage(
      res,
      'accounts/two-factor',
      {
        title: res.locals.t('twofa.title'),
        account: user,
        enrolment: user.totpEnabled ? null : await pendingEnrolment(ctx, user),
        required: user.isSecretariat && ctx.config.secretariatTwoFactorRequired,
        errors: [],
        ...locals,
      },
      status,
    );
  };

  r.get('/account/2fa', 'signed-in', async (req, res) => showTwoFactor(req, res));

  r.post('/account/2fa/start', 'signed-in', async (req, res) => {
    await beginEnrolment(ctx, signedInUser(req));
    res.redirect('/account/2fa');
  });

  r.post('/account/2fa/confirm', 'signed-in', async (req, res) => {
    let form: ReturnType<typeof enrolForm.parse>;
    try {
      form = parseBody(enrolForm, req.body, ACCOUNT_MESSAGES);
    } catch (err) {
      return showTwoFactor(req, res, { errors: fieldMessages(err, res.locals.t) }, 422);
    }
    const outcome = await confirmEnrolment(ctx, signedInUser(req), actorOf(req), form.code);
    if (!outcome.ok) return showTwoFactor(req, res, { errors: [res.locals.t('login.twofa.invalid')] }, 422);
    res.set('Cache-Control', 'no-store');
    await renderPage(res, 'accounts/recovery-codes', {
      title: res.locals.t('twofa.codes.title'),
      codes: outcome.recoveryCodes,
    });
  });

  r.post('/account/2fa/recovery-codes', 'signed-in', async (req, res) => {
    const codes = await regenerateRecoveryCodes(ctx, signedInUser(req), actorOf(req));
    res.set('Cache-Control', 'no-store');
    await renderPage(res, 'accounts/recovery-codes', { title: res.locals.t('twofa.codes.title'), codes });
  });

  r.post('/account/2fa/disable', 'signed-in', async (req, res) => {
    let form: ReturnType<typeof disableTwoFactorForm.parse>;
    try {
      form = parseBody(disableTwoFactorForm, req.body, ACCOUNT_MESSAGES);
    } catch (err) {
      return showTwoFactor(req, res, { errors: fieldMessages(err, res.locals.t) }, 422);
    }
    const outcome = await disableTwoFactor(ctx, signedInUser(req), actorOf(req), form.password);
    if (outcome === 'required')
      return showTwoFactor(req, res, { errors: [res.locals.t('twofa.requiredCannotDisable')] }, 409);
    if (outcome === 'wrong-password') {
      return showTwoFactor(req, res, { errors: [res.locals.t('validation.currentPassword')] }, 422);
    }
    res.redirect('/account/2fa');
  });
}
