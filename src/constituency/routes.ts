/**
 * /teams/:slug/constituency — a team's editors list the domains, prefixes and AS numbers the team is responsible
 * for, prove domains by DNS, and remove what no longer holds; the secretariat confirms prefixes and ASNs.
 * /admin/constituency — where two teams claim the same or overlapping objects.
 */
import type { Request } from 'express';
import { actorOf, signedInUser } from '../accounts/request-user';
import type { AppContext } from '../context';
import { accessTeamOf, type GuardedRouter } from '../http/access';
import type { PageResponse } from '../http/locals';
import { renderPage } from '../http/render';
import type { MessageKey } from '../i18n';
import { type ProofResult, proofRecordName } from './dns-proof';
import { displayDomain } from './parse';
import { claimValue } from './queries';
import type { ClaimRow } from './schema';
import { type AddOutcome, type ConstituencyService, createConstituencyService } from './service';
import { CLAIM_KINDS, type ClaimKind, type ClaimRefusal } from './vocabulary';

/** `?done=` after a redirect: what the last action did (values map to fixed messages). */
const DONE: Record<string, MessageKey> = {
  found: 'constituency.check.found',
  absent: 'constituency.check.absent',
  mismatch: 'constituency.check.mismatch',
  error: 'constituency.check.error',
  removed: 'constituency.removed',
};

const KIND_LABELS: Record<ClaimKind, MessageKey> = {
  domain: 'constituency.kind.domain',
  prefix: 'constituency.kind.prefix',
  asn: 'constituency.kind.asn',
};

const CHECK_RESULTS: Record<ProofResult, MessageKey> = {
  found: 'constituency.result.found',
  absent: 'constituency.result.absent',
  mismatch: 'constituency.result.mismatch',
  error: 'constituency.result.error',
};

const REFUSALS: Record<ClaimRefusal, MessageKey> = {
  malformed: 'constituency.refused.malformed',
  hostBits: 'constituency.refused.hostBits',
  publicSuffix: 'constituency.refused.publicSuffix',
  unknownTld: 'constituency.refused.unknownTld',
  special: 'constituency.refused.special',
  tooBroad: 'constituency.refused.tooBroad',
  duplicate: 'constituency.refused.duplicate',
  tooMany: 'constituency.refused.tooMany',
};

const resultOf = (stored: string | null): ProofResult =>
  stored && stored in CHECK_RESULTS ? (stored as ProofResult) : 'error';

const shown = (row: ClaimRow) =>
  row.kind === 'asn' ? `AS${row.asn}` : row.kind === 'domain' ? displayDomain(row.domain ?? '') : (row.net ?? '');

function claimView(row: ClaimRow) {
  return {
    id: row.id,
    kind: row.kind,
    value: claimValue(row),
    shown: shown(row),
    verified: row.verifiedAt !== null,
    verifiedAt: row.verifiedAt,
    verifiedBy: row.verifiedBy,
    proof:
      row.kind === 'domain' && row.dnsToken ? { name: proofRecordName(row.domain ?? ''), value: row.dnsToken } : null,
    lastCheck: row.dnsCheckedAt ? { at: row.dnsCheckedAt, result: CHECK_RESULTS[resultOf(row.dnsCheckResult)] } : null,
  };
}

export function registerConstituencyRoutes(
  ctx: AppContext,
  r: GuardedRouter,
  service: ConstituencyService = createConstituencyService(ctx),
): void {
  const show = async (
    req: Request,
    res: PageResponse,
    locals: { outcome?: AddOutcome; text?: string } = {},
    status = 200,
  ) => {
    const t = res.locals.t;
    const { team, claims } = await service.forEditing(signedInUser(req), accessTeamOf(res).slug);
    const doneKey = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    const value = typeof req.query.value === 'string' ? req.query.value.slice(0, 300) : '';
    await renderPage(
      res,
      'constituency/manage',
      {
        title: t('constituency.title', { team: team.shortName }),
        team: { slug: team.slug, shortName: team.shortName },
        kinds: CLAIM_KINDS.map((kind) => ({ kind, label: t(KIND_LABELS[kind]) })),
        claims: claims.map(claimView),
        done: doneKey ? t(doneKey, { value }) : null,
        added: locals.outcome?.added.length ?? 0,
        refused: (locals.outcome?.refused ?? []).map((x) => ({
          line: x.line,
          reason: t(REFUSALS[x.reason]),
        })),
        text: locals.text ?? '',
        canVerify: signedInUser(req).isSecretariat,
      },
      status,
    );
  };

  r.get('/teams/:slug/constituency', 'team-editor', async (req, res) => {
    await show(req, res);
  });

  r.post('/teams/:slug/constituency', 'team-editor', async (req, res) => {
    const text = String((req.body as Record<string, unknown>).claims ?? '').slice(0, 100_000);
    const outcome = await service.add(signedInUser(req), actorOf(req), accessTeamOf(res).slug, text);
    // Refused lines stay in the box to be corrected; what was accepted is listed below it already.
    const refusedText = outcome.refused.map((x) => x.line).join('\n');
    const status = outcome.added.length === 0 && outcome.refused.length > 0 ? 422 : 200;
    await show(req, res, { outcome, text: refusedText }, status);
  });

  r.post('/teams/:slug/constituency/:id/remove', 'team-editor', async (req, res) => {
    const slug = accessTeamOf(res).slug;
    const removed = await service.remove(signedInUser(req), actorOf(req), slug, String(req.params.id));
    res.redirect(303, `/teams/${slug}/constituency?done=removed&value=${encodeURIComponent(shown(removed))}`);
  });

  r.post('/teams/:slug/constituency/:id/check', 'team-editor', async (req, res) => {
    const slug = accessTeamOf(res).slug;
    const { team, claims } = await service.forEditing(signedInUser(req), slug);
    const result = await service.checkDomain(signedInUser(req), team.slug, String(req.params.id));
    const claim = claims.find((c) => c.id === req.params.id);
    const value = claim ? shown(claim) : '';
    res.redirect(303, `/teams/${slug}/constituency?done=${result}&value=${encodeURIComponent(value)}`);
  });

  r.post('/teams/:slug/constituency/:id/verify', 'secretariat', async (req, res) => {
    const slug = String(req.params.slug);
    const verified = (req.body as Record<string, unknown>).verified !== 'no';
    await service.setVerified(signedInUser(req), actorOf(req), slug, String(req.params.id), verified);
    res.redirect(303, `/teams/${slug}/constituency`);
  });

  r.get('/admin/constituency', 'secretariat', async (req, res) => {
    const { rows, total } = await service.overlaps(signedInUser(req));
    const t = res.locals.t;
    await renderPage(res, 'admin/constituency', {
      title: t('constituency.overlapsTitle'),
      section: 'constituency',
      total,
      rows: rows.map((o) => ({
        kind: o.kind,
        kindLabel: t(KIND_LABELS[o.kind]),
        a: {
          ...o.a,
          shown: o.kind === 'asn' ? `AS${o.a.value}` : o.kind === 'domain' ? displayDomain(o.a.value) : o.a.value,
        },
        b: {
          ...o.b,
          shown: o.kind === 'asn' ? `AS${o.b.value}` : o.kind === 'domain' ? displayDomain(o.b.value) : o.b.value,
        },
      })),
    });
  });
}
