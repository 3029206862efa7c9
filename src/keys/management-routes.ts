/** /teams/:slug/keys — a team's editors register, verify and retire the team's keys. */
import type { Request, Response } from 'express';
import type { SessionUser } from '../accounts/session-user';
import type { AppContext } from '../context';
import { findTeamBySlug } from '../directory/queries';
import type { AccessTeam, GuardedRouter } from '../http/access';
import { actorOf } from '../http/actor';
import { uploadedFile } from '../http/forms';
import { renderPage } from '../http/render';
import { currentUser } from '../http/viewer';
import { presentCheck } from './check-presenter';
import { addKey, listTeamKeys, retireKey, setTeamMailEncryption, verifyPossession } from './management';
import { presentKey } from './presenter';

function context(req: Request, res: Response): { user: SessionUser; team: AccessTeam } {
  return { user: currentUser(req) as SessionUser, team: res.locals.accessTeam as AccessTeam };
}

export function registerKeyManagementRoutes(ctx: AppContext, r: GuardedRouter): void {
  const show = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const { user, team } = context(req, res);
    const now = ctx.clock.now();
    const keys = (await listTeamKeys(ctx, user, team)).map((k) => ({
      id: k.id,
      ...presentKey(k, now),
      addedAt: k.addedAt,
      retiredAt: k.retiredAt,
    }));
    await renderPage(
      res,
      'keys/manage',
      {
        title: res.locals.t('keys.title', { team: team.shortName }),
        team,
        keys,
        encryptMail: (await findTeamBySlug(ctx.db, team.slug))?.encryptMail ?? false,
        mailKeyReady: keys.some(
          (k) => k.role === 'current' && k.verifiedAt && ['valid', 'expiring'].includes(k.status),
        ),
        // A new key can be registered unless both places of a rotation are taken.
        canUpload: !(
          keys.some((k) => k.role === 'current' && ['valid', 'expiring'].includes(k.status)) &&
          keys.some((k) => k.role === 'next')
        ),
        report: null,
        errors: [],
        notice: null,
        ...locals,
      },
      status,
    );
  };

  r.get('/teams/:slug/keys', 'team-editor', async (req, res) => show(req, res));

  r.post('/teams/:slug/keys', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    const t = res.locals.t;
    const body = req.body as Record<string, unknown>;
    const file = uploadedFile(req);
    const key = file ? new Uint8Array(file) : String(body.key ?? '');
    const confirm = String(body.fingerprint ?? '').slice(0, 200);
    if ((typeof key === 'string' && key.trim() === '') || !/^[0-9a-f\s:]{40,100}$/i.test(confirm.replace(/^0x/i, ''))) {
      const errors = [];
      if (typeof key === 'string' && key.trim() === '') errors.push(t('validation.key'));
      if (!/^[0-9a-f\s:]{40,100}$/i.test(confirm.replace(/^0x/i, ''))) errors.push(t('validation.fingerprint'));
      return show(req, res, { errors }, 422);
    }
    const result = await addKey(ctx, user, actorOf(req), team, { key, confirmFingerprint: confirm });
    const report = presentCheck(result.check, t, res.locals.fmtDate);
    if (result.kind === 'added') {
      return show(req, res, { notice: t('keys.uploaded', { email: result.email }) });
    }
    const message =
      result.kind === 'mismatch'
        ? t('keys.fingerprintMismatch')
        : result.kind === 'duplicate'
          ? t('keys.alreadyRegistered')
          : result.kind === 'next_exists'
            ? t('keys.nextExists')
            : null;
    await show(
      req,
      res,
      { report, errors: message ? [message] : [] },
      result.kind === 'rejected' || result.kind === 'mismatch' ? 422 : 409,
    );
  });

  r.post('/teams/:slug/keys/:keyId/verify', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    const code = String((req.body as Record<string, unknown>).code ?? '').slice(0, 40);
    if (code.trim().length < 8) return show(req, res, { errors: [res.locals.t('validation.code8')] }, 422);
    const ok = await verifyPossession(ctx, user, actorOf(req), team, String(req.params.keyId), code);
    if (!ok) return show(req, res, { errors: [res.locals.t('keys.codeWrong')] }, 422);
    await show(req, res, { notice: res.locals.t('keys.verifiedNow') });
  });

  r.post('/teams/:slug/mail-encryption', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    const on = (req.body as Record<string, unknown>).encrypt === 'yes';
    await setTeamMailEncryption(ctx, user, actorOf(req), team, on);
    res.redirect(303, `/teams/${team.slug}/keys`);
  });

  r.post('/teams/:slug/keys/:keyId/retire', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    await retireKey(ctx, user, actorOf(req), team, String(req.params.keyId));
    res.redirect(`/teams/${team.slug}/keys`);
  });
}
