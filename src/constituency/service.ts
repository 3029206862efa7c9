/**
 * Constituency use cases: a team's editors add claims (several at once, each line accepted or refused with its
 * reason) and remove them; a domain claim is proved by DNS, on demand and nightly; the secretariat confirms prefixes
 * and AS numbers and sees where two teams claim the same or overlapping objects. Every change is audited in its
 * own transaction.
 */
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import { findTeamBySlug } from '../entry/queries';
import type { TeamRow } from '../entry/schema';
import { notFound } from '../http/errors';
import { dnsProofChecker, newProofToken, type ProofChecker, type ProofResult } from './dns-proof';
import { type Claim, claimText, parseClaim } from './parse';
import {
  claimKey,
  claimsOfTeam,
  columnsOf,
  deleteClaim,
  existingOf,
  findClaim,
  insertClaims,
  markUnverified,
  markVerified,
  overlappingClaims,
  pendingDomainClaims,
  recordDnsCheck,
  recordDnsChecks,
} from './queries';
import type { ClaimRow } from './schema';
import type { ClaimRefusal } from './vocabulary';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

/** Lines one submission may hold, and claims one team may hold: far above any real constituency. */
export const MAX_LINES_PER_SUBMISSION = 500;
export const MAX_CLAIMS_PER_TEAM = 5000;
/** DNS proofs looked up at once by the nightly pass. */
const DNS_CONCURRENCY = 8;
/**
 * The nightly pass writes what it found this many claims at a time: a few statements per batch instead of one per
 * claim (on the embedded database each statement holds the server's event loop).
 */
const DNS_WRITE_BATCH = 50;

export interface AddOutcome {
  added: ClaimRow[];
  refused: { line: string; reason: ClaimRefusal }[];
}

/** The lines of a pasted list: one object a line (commas and spaces separate too), blank lines and # comments ignored. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, ''))
    .flatMap((l) => l.split(/[,\s]+/))
    .map((l) => l.trim())
    .filter(Boolean);
}

export function createConstituencyService(
  ctx: Ctx,
  checker: ProofChecker = dnsProofChecker(ctx.config.constituency.dnsResolvers),
) {
  const policy = ctx.config.constituency;

  async function teamFor(user: SessionUser, slug: string): Promise<TeamRow> {
    const team = await findTeamBySlug(ctx.db, slug);
    if (!team) throw notFound('error.teamNotFound', { slug });
    authorize(user, 'edit-team', team);
    return team;
  }

  async function claimOf(team: TeamRow, id: string): Promise<ClaimRow> {
    const claim = /^[0-9a-f-]{36}$/i.test(id) ? await findClaim(ctx.db, team.id, id) : undefined;
    if (!claim) throw notFound('constituency.error.notFound');
    return claim;
  }

  /** Looks for the claim's proof record; null for a claim with nothing to look up (nothing is recorded then). */
  function lookUp(claim: ClaimRow): Promise<ProofResult> | null {
    if (claim.kind !== 'domain' || !claim.domain || !claim.dnsToken) return null;
    return checker.check(claim.domain, claim.dnsToken);
  }

  async function check(claim: ClaimRow): Promise<ProofResult> {
    const result = await lookUp(claim);
    if (!result) return 'error';
    await recordDnsCheck(ctx.db, claim.id, ctx.clock.now(), result, result === 'found');
    return result;
  }

  return {
    /** The team and all its claims, for its editors and the secretariat. */
    async forEditing(user: SessionUser, slug: string) {
      const team = await teamFor(user, slug);
      return { team, claims: await claimsOfTeam(ctx.db, team.id) };
    },

    /** Adds every acceptable line; refuses the others with their reasons. Nothing already claimed is touched. */
    async add(user: SessionUser, actor: Actor, slug: string, text: string): Promise<AddOutcome> {
      const team = await teamFor(user, slug);
      const lines = linesOf(text);
      const refused: AddOutcome['refused'] = [];
      const wanted = new Map<string, Claim>();
      for (const [i, line] of lines.entries()) {
        if (i >= MAX_LINES_PER_SUBMISSION) {
          refused.push({ line, reason: 'tooMany' });
          continue;
        }
        const parsed = parseClaim(line, policy);
        if (!parsed.ok) refused.push({ line, reason: parsed.reason });
        else if (wanted.has(claimKey(parsed.claim))) refused.push({ line, reason: 'duplicate' });
        else wanted.set(claimKey(parsed.claim), parsed.claim);
      }
      return ctx.db.transaction(async (tx) => {
        const existing = await existingOf(tx, team.id, [...wanted.values()]);
        const held = (await claimsOfTeam(tx, team.id)).length;
        const fresh: Claim[] = [];
        for (const [key, claim] of wanted) {
          if (existing.has(key)) refused.push({ line: claimText(claim), reason: 'duplicate' });
          else if (held + fresh.length >= MAX_CLAIMS_PER_TEAM)
            refused.push({ line: claimText(claim), reason: 'tooMany' });
          else fresh.push(claim);
        }
        const by = actor.label;
        const added = await insertClaims(
          tx,
          fresh.map((c) => ({
            teamId: team.id,
            ...columnsOf(c),
            dnsToken: c.kind === 'domain' ? newProofToken() : null,
            createdBy: by,
            createdAt: ctx.clock.now(),
          })),
        );
        if (added.length > 0) {
          await record(tx, actor, ctx.clock.now(), {
            action: 'constituency.added',
            team,
            details: { claims: fresh.map(claimText) },
          });
        }
        return { added, refused };
      });
    },

    async remove(user: SessionUser, actor: Actor, slug: string, id: string): Promise<ClaimRow> {
      const team = await teamFor(user, slug);
      await claimOf(team, id);
      return ctx.db.transaction(async (tx) => {
        const removed = await deleteClaim(tx, team.id, id);
        if (!removed) throw notFound('constituency.error.notFound');
        await record(tx, actor, ctx.clock.now(), {
          action: 'constituency.removed',
          team,
          details: { claim: removed.domain ?? removed.net ?? `AS${removed.asn}` },
        });
        return removed;
      });
    },

    /** Looks for the domain's proof record now (the editor's "check now"). */
    async checkDomain(user: SessionUser, slug: string, id: string): Promise<ProofResult> {
      const team = await teamFor(user, slug);
      const claim = await claimOf(team, id);
      if (claim.kind !== 'domain') throw notFound('constituency.error.notFound');
      if (claim.verifiedAt) return 'found';
      return check(claim);
    },

    /** The secretariat confirms (or withdraws its confirmation of) a prefix or an AS number. */
    async setVerified(user: SessionUser, actor: Actor, slug: string, id: string, verified: boolean) {
      const team = await teamFor(user, slug);
      authorize(user, 'administer');
      const claim = await claimOf(team, id);
      if (claim.kind === 'domain') throw notFound('constituency.error.notFound');
      await ctx.db.transaction(async (tx) => {
        if (verified) await markVerified(tx, claim.id, ctx.clock.now(), actor.label);
        else await markUnverified(tx, claim.id);
        await record(tx, actor, ctx.clock.now(), {
          action: verified ? 'constituency.verified' : 'constituency.unverified',
          team,
          details: { claim: claim.net ?? `AS${claim.asn}` },
        });
      });
    },

    /** Where two teams claim the same or overlapping objects (the secretariat's dashboard). */
    async overlaps(user: SessionUser, limit = 200) {
      authorize(user, 'administer');
      return overlappingClaims(ctx.db, limit);
    },

    /** The nightly pass over pending domain claims (oldest check first); returns how many were proved. */
    async checkPendingDomains(limit = 500): Promise<{ checked: number; verified: number }> {
      const pending = await pendingDomainClaims(ctx.db, limit);
      let verified = 0;
      let found: { id: string; result: ProofResult }[] = [];
      const write = async () => {
        const batch = found;
        found = [];
        verified += batch.filter((c) => c.result === 'found').length;
        await recordDnsChecks(ctx.db, ctx.clock.now(), batch);
      };
      // A few lookups at a time: an unreachable resolver costs its timeout per name, not per name in turn. Their
      // results are written a batch at a time, whichever lookup completes one.
      const queue = [...pending];
      const worker = async () => {
        for (let claim = queue.shift(); claim; claim = queue.shift()) {
          const result = await lookUp(claim);
          if (!result) continue;
          found.push({ id: claim.id, result });
          if (found.length >= DNS_WRITE_BATCH) await write();
        }
      };
      await Promise.all(Array.from({ length: Math.min(DNS_CONCURRENCY, queue.length) }, worker));
      await write();
      return { checked: pending.length, verified };
    },
  };
}

export type ConstituencyService = ReturnType<typeof createConstituencyService>;
