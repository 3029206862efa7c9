/**
 * Finding the responsible team from what an incident hands a responder: an IP address, a prefix, an AS number, a
 * domain, an email address or a URL. Each indicator is matched against the claims the caller may see (longest
 * prefix, longest domain suffix, the ASN) on the teams the caller may see; verified claims rank first (a more
 * specific claim nobody has verified must not divert reports from the verified owner), then the most specific.
 * Many indicators are answered with one query per kind, so a pasted log of 1,000 lines costs a few queries, not
 * 1,000; the visibility rules are applied to the candidates afterwards, as the presenter applies them on pages.
 */
import { clearance, type Viewer } from '../accounts/viewer';
import { domainSuffixes, type Indicator, parseIndicator } from '../constituency/parse';
import { asnMatches, type ClaimMatch, domainMatches, prefixMatches } from '../constituency/queries';
import { CLAIM_KIND_RULES, type ClaimKind } from '../constituency/vocabulary';
import type { AppContext } from '../context';
import { findTeamSummaries } from '../entry/queries';
import { DirectoryReadCache, type Horizon } from '../entry/read-cache';
import { canSee } from '../entry/visibility';
import { serialiseJson } from '../http/serialised';
import type { Translate } from '../i18n';
import { currentFingerprints } from '../keys/queries';
import { presentSummary, type TeamSummary } from './presenter';
import { listedStatuses } from './service';

/** The most indicators one POST may carry. */
export const LOOKUP_MAX = 1000;

/** A matched team as the answer names it (presenter.ts presentSummary). */
export type LookupTeam = TeamSummary;

export interface LookupMatch {
  team: LookupTeam;
  matched: { type: ClaimKind; value: string; verified: boolean };
  specificity: number;
}

export type LookupResult =
  | { query: string; kind: Indicator['kind']; value: string; matches: LookupMatch[] }
  | { query: string; kind: null; error: 'unrecognised' };

const rank = (a: ClaimMatch, b: ClaimMatch) => Number(b.verified) - Number(a.verified) || b.specificity - a.specificity;

export function createLookupService(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'> & Partial<Pick<AppContext, 'database'>>,
) {
  const cache = new DirectoryReadCache(ctx.db, ctx.clock);
  if (ctx.database) void cache.subscribe(ctx.database).catch(() => undefined);

  /** Every claim matching each indicator, whoever may see it (filtered by `visibleMatches`). */
  async function candidates(indicators: (Indicator | null)[]): Promise<ClaimMatch[]> {
    const nets: { index: number; value: string }[] = [];
    const suffixes = new Map<string, number[]>();
    const asns = new Map<number, number[]>();
    const add = <K>(map: Map<K, number[]>, key: K, index: number) => {
      const list = map.get(key);
      if (list) list.push(index);
      else map.set(key, [index]);
    };
    indicators.forEach((ind, index) => {
      if (!ind) return;
      if (ind.kind === 'ip' || ind.kind === 'prefix') nets.push({ index, value: ind.value });
      else if (ind.kind === 'asn') add(asns, ind.value, index);
      else for (const s of domainSuffixes(ind.value)) add(suffixes, s, index);
    });
    const [byNet, byDomain, byAsn] = await Promise.all([
      prefixMatches(ctx.db, nets),
      domainMatches(ctx.db, [...suffixes.keys()]),
      asnMatches(ctx.db, [...asns.keys()]),
    ]);
    const matches: ClaimMatch[] = byNet;
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

  /**
   * The matches this viewer may see, with the summaries of their teams: a team in a state listed for the viewer,
   * and a claim whose kind's rule the viewer is cleared for on that team — the rule presentTeam applies to the same
   * claims on the team's page. Everything else is dropped here, before anything of it is answered.
   */
  async function visibleMatches(found: ClaimMatch[], viewer: Viewer, horizon?: Horizon) {
    const level = clearance(viewer);
    const rows = await findTeamSummaries(ctx.db, [...new Set(found.map((m) => m.teamId))], listedStatuses(viewer));
    const matches = found.filter((m) => {
      const row = rows.get(m.teamId);
      return row !== undefined && canSee(level, CLAIM_KIND_RULES[m.kind].rule, row.visibility);
    });
    const ids = [...new Set(matches.map((m) => m.teamId))];
    const keys = await currentFingerprints(ctx.db, ids);
    const now = ctx.clock.now();
    const teams = new Map<string, LookupTeam>();
    for (const id of ids) {
      const row = rows.get(id);
      if (row) teams.set(id, presentSummary(row, keys.get(id) ?? null, { viewer, now, config: ctx.config, horizon }));
    }
    return { matches, teams };
  }

  /**
   * A few set-based queries whatever the number of indicators: one per kind of claim, one for the teams, one for
   * their keys.
   */
  async function lookupUncached(queries: string[], viewer: Viewer, horizon?: Horizon): Promise<LookupResult[]> {
    const indicators = queries.map((q) => parseIndicator(q));
    const { matches, teams } = await visibleMatches(await candidates(indicators), viewer, horizon);
    const perIndex = new Map<number, ClaimMatch[]>();
    for (const m of matches) {
      const list = perIndex.get(m.index);
      if (list) list.push(m);
      else perIndex.set(m.index, [m]);
    }
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

  /** `parent`: the horizon of an answer built from this one (the JSON bytes, the directory page). */
  const lookupOne = (query: string, viewer: Viewer, parent?: Horizon): Promise<LookupResult> =>
    cache.read(
      JSON.stringify(['lookup', clearance(viewer), query]),
      async (horizon) => {
        const [result] = await lookupUncached([query], viewer, horizon);
        return result as LookupResult;
      },
      parent,
    );

  return {
    /** One indicator (the GET route, the search box); answers are cached like other directory reads. */
    lookupOne,

    /** GET /api/v1/lookup's answer, serialised once per cached result (keyed like lookupOne, plus the spacing). */
    answerOne(query: string, viewer: Viewer, spaces: number | string | undefined) {
      return cache.read(JSON.stringify(['lookup-json', spaces ?? '', clearance(viewer), query]), async (horizon) => {
        const result = await lookupOne(query, viewer, horizon);
        return { result, answer: result.kind === null ? null : serialiseJson(result, spaces) };
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
