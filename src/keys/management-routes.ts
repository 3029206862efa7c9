/** /teams/:slug/keys — a team's editors register, verify, retire and revoke the team's keys. */
import type { Request, Response } from 'express';
import { actorOf, signedInUser } from '../accounts/request-user';
import type { SessionUser } from '../accounts/session-user';
import type { AppContext } from '../context';
import { findTeamBySlug } from '../entry/queries';
import { type AccessTeam, accessTeamOf, type GuardedRouter } from '../http/access';
import { uploadedFile } from '../http/forms';
import { renderPage } from '../http/render';
import type { MessageKey } from '../i18n';
import { presentCheck } from './check-presenter';
import { addKey, expectedKeyOf, listTeamKeys, setTeamMailEncryption, verifyPossession } from './management';
import { leavesTeamWithoutKey, retireKey, revokeKey } from './management-retirement';
import { presentKey } from './presenter';
import { byRole, isUsable } from './rotation';

function context(req: Request, res: Response): { user: SessionUser; team: AccessTeam } {
  return { user: signedInUser(req), team: accessTeamOf(res) };
}

/** `?done=` after a redirect: what the last action did, told once on the page (values map to fixed messages). */
const DONE: Record<string, MessageKey> = {
  promoted: 'keys.done.promoted',
  retired: 'keys.done.retired',
  no_key: 'keys.done.noKey',
  discarded: 'keys.done.discarded',
  already: 'keys.done.already',
  revoked: 'keys.done.revoked',
  revoked_promoted: 'keys.done.revokedPromoted',
  revoked_no_key: 'keys.done.revokedNoKey',
  mail: 'keys.done.mail',
};

const body = (req: Request) => req.body as Record<string, unknown>;

export function registerKeyManagementRoutes(ctx: AppContext, r: GuardedRouter): void {
  const show = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const { user, team } = context(req, res);
    const now = ctx.clock.now();
    const rows = await listTeamKeys(ctx, user, team);
    const { current, next } = byRole(rows);
    const keys = rows.map((k) => ({
      id: k.id,
      ...presentKey(k, now),
      addedAt: k.addedAt,
      retiredAt: k.retiredAt,
      uidMismatch: k.warnings.includes('no_matching_uid'),
      // Retiring it leaves the team without a usable key: the page says so and asks for an explicit confirmation.
      lastKey: leavesTeamWithoutKey(k, rows, now),
    }));
    const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    const entry = await findTeamBySlug(ctx.db, team.slug);
    const expected = await expectedKeyOf(ctx, user, team);
    await renderPage(
      res,
      'keys/manage',
      {
        title: res.locals.t('keys.title', { team: team.shortName }),
        team,
        keys,
        expectedKey: expected?.fingerprint ?? null,
        teamEmail: entry?.email ?? '',
        encryptMail: entry?.encryptMail ?? false,
        mailKeyReady: keys.some(
          (k) => k.role === 'current' && k.verifiedAt && ['valid', 'expiring'].includes(k.status),
        ),
        // A new key can be registered unless both places of a rotation are taken.
        canUpload: !(isUsable(current, now) && next),
        report: null,
        errors: [],
        notice: done ? res.locals.t(done) : null,
        // The team left without a key is not good news: said as a warning.
        noticeWarns: done === DONE.no_key || done === DONE.revoked_no_key,
        uidMismatch: null,
        ...locals,
      },
      status,
    );
  };

  r.get('/teams/:slug/keys', 'team-editor', async (req, res) => show(req, res));

  r.post('/teams/:slug/keys', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    const t = res.locals.t;
    const file = uploadedFile(req);
    const key = file ? new Uint8Array(file) : String(body(req).key ?? '');
    const confirm = String(body(req).fingerprint ?? '').slice(0, 200);
    const errors = [];
    if (typeof key === 'string' && key.trim() === '') errors.push(t('validation.key'));
    if (!/^[0-9a-f\s:]{40,100}$/i.test(confirm.replace(/^0x/i, ''))) errors.push(t('validation.fingerprint'));
    if (errors.length) return show(req, res, { errors }, 422);
    const result = await addKey(ctx, user, actorOf(req), team, { key, confirmFingerprint: confirm });
    const report = presentCheck(result.check, t, res.locals.fmtDate);
    if (result.kind === 'added') {
      const mismatch = result.check.warnings.some((w) => w.code === 'no_matching_uid');
      return show(req, res, {
        notice: t('keys.uploaded', { email: result.email }),
        report,
        uidMismatch: mismatch ? result.email : null,
      });
    }
    const messages: Partial<Record<typeof result.kind, MessageKey>> = {
      mismatch: 'keys.fingerprintMismatch',
      duplicate: 'keys.alreadyRegistered',
      next_exists: 'keys.nextExists',
    };
    const message = messages[result.kind];
    const status = result.kind === 'rejected' || result.kind === 'mismatch' ? 422 : 409;
    await show(req, res, { report, errors: message ? [t(message)] : [] }, status);
  });

  r.post('/teams/:slug/keys/:keyId/verify', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    const t = res.locals.t;
    const code = String(body(req).code ?? '').slice(0, 40);
    if (code.trim().length < 8) return show(req, res, { errors: [t('validation.code8')] }, 422);
    const result = await verifyPossession(ctx, user, actorOf(req), team, String(req.params.keyId), code);
    if (result.kind === 'wrong_code') return show(req, res, { errors: [t('keys.codeWrong')] }, 422);
    if (result.kind === 'next_exists') return show(req, res, { errors: [t('keys.nextExists')] }, 409);
    if (result.kind === 'unusable') return show(req, res, { errors: [t('keys.pendingUnusable')] }, 422);
    const placed: Record<typeof result.role, MessageKey> = {
      current: 'keys.verifiedCurrent',
      next: 'keys.verifiedNext',
      retired: 'keys.verifiedNow',
    };
    await show(req, res, { notice: t(placed[result.role]) });
  });

  r.post('/teams/:slug/mail-encryption', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    await setTeamMailEncryption(ctx, user, actorOf(req), team, body(req).encrypt === 'yes');
    res.redirect(303, `/teams/${team.slug}/keys?done=mail`);
  });

  r.post('/teams/:slug/keys/:keyId/retire', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    const confirmNoKey = body(req).confirmNoKey === 'yes';
    const outcome = await retireKey(ctx, user, actorOf(req), team, String(req.params.keyId), { confirmNoKey });
    if (outcome === 'needs_confirmation') {
      return show(req, res, { errors: [res.locals.t('keys.lastKeyConfirmMissing')] }, 422);
    }
    res.redirect(303, `/teams/${team.slug}/keys?done=${outcome}`);
  });

  r.post('/teams/:slug/keys/revocation', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    const t = res.locals.t;
    const file = uploadedFile(req);
    const input = file ? new Uint8Array(file) : String(body(req).revocation ?? '');
    const result = await revokeKey(ctx, user, actorOf(req), team, input);
    if (result.kind === 'refused') {
      return show(req, res, { errors: [t(`keys.revocationError.${result.code}` as MessageKey)] }, 422);
    }
    if (result.kind === 'already') return res.redirect(303, `/teams/${team.slug}/keys?done=already`);
    const done = result.outcome === 'retired' ? 'revoked' : `revoked_${result.outcome}`;
    res.redirect(303, `/teams/${team.slug}/keys?done=${done}`);
  });
}
