import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config';
import { wantsJson } from '../http/error-handler';
import { HttpError } from '../http/errors';
import { currentUser } from './request-user';

/** Paths a secretariat user without 2FA may still reach: enrolment itself, logout, and static files. */
const ALLOWED = [
  /^\/account\/2fa(\/|$)/,
  /^\/logout$/,
  /^\/(css|js)\//,
  /^\/favicon\.svg$/,
  /^\/healthz$/,
  /^\/readyz$/,
];

/**
 * Where 2FA is required for the secretariat (production by default), a secretariat user who has not enrolled is
 * sent to enrolment before anything else — their account can suspend teams and read every member's data.
 */
export function secretariatTwoFactorGate(config: Pick<Config, 'secretariatTwoFactorRequired'>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = currentUser(req);
    if (!config.secretariatTwoFactorRequired || !user?.isSecretariat || user.totpEnabled) return next();
    if (ALLOWED.some((re) => re.test(req.path))) return next();
    if (wantsJson(req)) return next(new HttpError(403, 'two_factor_required', 'twofa.requiredNotice'));
    res.redirect('/account/2fa');
  };
}
