/** A key check as callers see it: stable codes with messages in their language (the contract of POST /keys/check). */
import type { MessageKey, Translate } from '../i18n';
import type { KeyCheck, KeyProblem } from '../pgp';
import type { KeyFacts } from './presenter';

interface PresentedCheck {
  ok: boolean;
  fingerprint: string | null;
  errors: { code: string; message: string }[];
  warnings: { code: string; message: string }[];
  key: KeyFacts | null;
}

export function presentCheck(check: KeyCheck, t: Translate, fmtDate: (d: string) => string): PresentedCheck {
  const message = (prefix: 'keyError' | 'keyWarning', p: KeyProblem<string>) => {
    const params: Record<string, string | number> = { ...(p.params ?? {}) };
    if (typeof params.date === 'string') params.date = fmtDate(params.date);
    return { code: p.code, message: t(`${prefix}.${p.code}` as MessageKey, params) };
  };
  return {
    ok: check.ok,
    fingerprint: check.fingerprint,
    errors: check.errors.map((e) => message('keyError', e)),
    warnings: check.warnings.map((w) => message('keyWarning', w)),
    key: check.key
      ? {
          fingerprint: check.key.fingerprint,
          keyId: check.key.keyId,
          algorithm: check.key.algorithm,
          bits: check.key.bits,
          created: check.key.created.toISOString(),
          expires: check.key.expires ? check.key.expires.toISOString() : null,
          uids: check.key.uids,
        }
      : null,
  };
}
