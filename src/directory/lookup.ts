/**
 * Finding the responsible team from what an incident hands a responder: an IP address, a prefix, an AS number, a
 * domain, an email address or a URL. Each indicator is matched against the claims the caller may see (longest
 * prefix, longest domain suffix, the ASN) on the teams the caller may see; verified claims rank first (a more
 * specific claim nobody has verified must not divert reports from the verified owner), then the most specific.
 * Many indicators are answered with one query per kind, so a pasted log of 1,000 lines costs about as much as one.
 */
import { clearance, type Viewer } from '../accounts/viewer';
import { domainSuffixes, type Indicator, parseIndicator } from '../constituency/parse';
import { asnMatches, type ClaimMatch, domainMatches, prefixMatches } from '../constituency/queries';
import type { ClaimKind } from '../constituency/vocabulary';
import type { AppContext } from '../context';
import { findTeamsByIds } from '../entry/queries';
import { DirectoryReadCache } from '../entry/read-cache';
import type { Translate } from '../i18n';
import { servedKeysByTeam } from '../keys/service';
import { presentTeam, type TeamView } from './presenter';
import { listedStatuses } from './service';

/** The most indicators one POST may carry. */
export const LOOKUP_MAX = 1000;

export interface LookupTeam {
  slug: string;
  shortName: string;
  officialName: TeamView['officialName'];
  email?: string;
  key?: { fingerprint: string } | null;
  freshness: TeamView['freshness'];
  url: string;
}

export interface LookupMatch {
  team: LookupTeam;
  matched: { type: ClaimKind; value: string; verified: boolean };
  specificity: number;
}

export type LookupResult =
  | { query: string; kind: Indicator['kind']; value: string; matches: LookupMatch[] }
  | { query: string; kind: null; error: 'unrecognised' };

function summaryOf(view: TeamView): LookupTeam {
  const team: LookupTeam = {
    slug: view.slug,
    shortName: view.shortName,
    officialName: view.officialName,
    freshness: view.freshness,
    url: view.url,
  };
  if (view.email !== undefined) team.email = view.email;
  if (view.key !== undefined) team.key = view.key ? { fingerprint: view.key.fingerprint } : null;
  return team;
}

const rank = (a: ClaimMatch, b: ClaimMatch) => Number(b.verified) - Number(a.verified) || b.specificity - a.specificity;

export function createLookupService(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'> & Partial<Pick<AppContext, 'database'>>,
) {
  const cache = new DirectoryReadCache(ctx.db, ctx.clock);
  if (ctx.database) void cache.subscribe(ctx.database).catch(() => undefined);

  async function matchAll(indicators: (Indicator | null)[], viewer: Viewer): Promise<ClaimMatch[]> {
    const scope = { clearance: clearance(viewer), statuses: listedStatuses(viewer) };
    const nets: { index: number; value: string }[] = [];
    const suffixes = new Map<string, number[]>();
    const asns = new Map<number, number[]>();
    indicators.forEach((ind, index) => {
      if (!ind) return;
      if (ind.kind === 'ip' || ind.kind === 'prefix') nets.push({ index, value: ind.value });
      else if (ind.kind === 'asn') asns.set(ind.value, [...(asns.get(ind.value) ?? []), index]);
      else for (const s of domainSuffixes(ind.value)) suffixes.set(s, [...(suffixes.get(s) ?? []), index]);
    });
    const [byNet, byDomain, byAsn] = await Promise.all([
      prefixMatches(ctx.db, nets, scope),
      domainMatches(ctx.db, [...suffixes.keys()], scope),
      asnMatches(ctx.db, [...asns.keys()], scope),
    ]);
    const matches: ClaimMatch[] = [...byNet];
    for (const m of byDomain) {
      const domain = m.domain ?? '';
      for (const index of suffixes.get(domain) ?? []) {
        matches.push({
          index,
          teamId: m.teamId,
          kind: 'domain',
          value: domain,
          verified: m.verifiedAt !== null,
          specificity: domain.split('.').length,
        });
      }
    }
    for (const m of byAsn) {
      for (const index of asns.get(m.asn ?? -1) ?? []) {
        matches.push({
          index,
          teamId: m.teamId,
          kind: 'asn',
          value: String(m.asn),
          verified: m.verifiedAt !== null,
          specificity: 0,
        });
      }
    }
    return matches;
  }

  async function teamsOf(ids: string[], viewer: Viewer): Promise<Map<string, LookupTeam>> {
    const [rows, keys] = await Promise.all([findTeamsByIds(ctx.db, ids), servedKeysByTeam(ctx.db, ids)]);
    const now = ctx.clock.now();
    const out = new Map<string, LookupTeam>();
    for (const [id, row] of rows) {
      out.set(id, summaryOf(presentTeam(row, keys.get(id), { viewer, now, config: ctx.config })));
    }
    return out;
  }

  async function lookupUncached(queries: string[], viewer: Viewer): Promise<LookupResult[]> {
    const indicators = queries.map((q) => parseIndicator(q));
    const matches = await matchAll(indicators, viewer);
    const teams = await teamsOf([...new Set(matches.map((m) => m.teamId))], viewer);
    const perIndex = new Map<number, ClaimMatch[]>();
    for (const m of matches) perIndex.set(m.index, [...(perIndex.get(m.index) ?? []), m]);
    return queries.map((query, index): LookupResult => {
      const ind = indicators[index];
      if (!ind) return { query, kind: null, error: 'unrecognised' };
      const found = (perIndex.get(index) ?? []).sort(
        (a, b) =>
          rank(a, b) || (teams.get(a.teamId)?.shortName ?? '').localeCompare(teams.get(b.teamId)?.shortName ?? ''),
      );
      const list: LookupMatch[] = [];
      for (const m of found) {
        const team = teams.get(m.teamId);
        if (team)
          list.push({
            team,
            matched: { type: m.kind, value: m.value, verified: m.verified },
            specificity: m.specificity,
          });
      }
      return { query, kind: ind.kind, value: String(ind.value), matches: list };
    });
  }

  return {
    /** One indicator (the GET route, the search box); answers are cached like other directory reads. */
    lookupOne(query: string, viewer: Viewer): Promise<LookupResult> {
      return cache.read(JSON.stringify(['lookup', clearance(viewer), query]), async () => {
        const [result] = await lookupUncached([query], viewer);
        return result as LookupResult;
      });
    },

    /** Many indicators at once (POST, the CLI); in the order given, one result each. */
    lookupMany(queries: string[], viewer: Viewer): Promise<LookupResult[]> {
      return lookupUncached(queries, viewer);
    },
  };
}

export type LookupService = ReturnType<typeof createLookupService>;

/** A batch's answer as POST and the CLI print it: an unrecognised indicator says why, in the reader's language. */
export function explained(results: LookupResult[], t: Translate) {
  return results.map((r) =>
    r.kind === null ? { ...r, message: t('lookup.error.unrecognised', { query: r.query }) } : r,
  );
}
