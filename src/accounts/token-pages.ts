import type { Response } from 'express';
import { renderPage } from '../http/render';
import type { MessageKey } from '../i18n';
import type { TokenProblem } from './tokens';

const PROBLEMS: Record<TokenProblem, { status: number; key: MessageKey }> = {
  unknown: { status: 404, key: 'token.unknown' },
  used: { status: 410, key: 'token.used' },
  expired: { status: 410, key: 'token.expired' },
};

/** A clear page for a link that cannot be used (and what to do instead), rather than a bare error. */
export async function renderTokenProblem(res: Response, problem: TokenProblem, purpose: 'invitation' | 'reset') {
  const { status, key } = PROBLEMS[problem];
  await renderPage(
    res,
    'accounts/token-problem',
    { title: res.locals.t('token.title'), message: res.locals.t(key), purpose },
    status,
  );
}
