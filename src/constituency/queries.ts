/**
 * The database side of constituency claims: listing, adding, removing and verifying a team's claims, the overlaps
 * between teams, and the three lookups (longest prefix, domain suffix, ASN) that each answer many indicators in one
 * query. Listings for other readers take the caller's clearance and decide visibility by the same rule text as
 * search (entry/visibility.ts); lookups return every candidate and the caller applies the same rules to them.
 */
import { and, asc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../db/client';
import { teams } from '../entry/schema';
import { visibleSqlText } from '../entry/visibility';
import type { VisibilityLevel } from '../entry/vocabulary';
import type { Claim } from './parse';
import { type ClaimRow, constituencyClaims as claims, type NewClaimRow } from './schema';
import { CLAIM_KIND_RULES, type ClaimKind } from './vocabulary';

/** A claim as readers see it: what, and whether it is verified. */
export interface ClaimSummary {
  id: string;
  kind: ClaimKind;
  /** The canonical text: A-label domain, prefix in CIDR, or the number. */
  value: string;
  verified: boolean;
}

/** The text of a row's object (cidr comes back from the database as text). */
export function claimValue(row: Pick<ClaimRow, 'kind' | 'domain' | 'net' | 'asn'>): string {
  if (row.kind === 'domain') return row.domain ?? '';
  if (row.kind === 'prefix') return row.net ?? '';
  return String(row.asn ?? '');
}

export function summaryOf(row: ClaimRow): ClaimSummary {
  return { id: row.id, kind: row.kind, value: claimValue(row), verified: row.verifiedAt !== null };
}

/** The claim's kind may be seen by this clearance on the claiming team (the team row must be joined). */
function kindVisible(kind: ClaimKind, clearance: VisibilityLevel): SQL {
  return sql.raw(visibleSqlText(CLAIM_KIND_RULES[kind].rule, clearance, '"teams"."visibility"'));
}

function visibleClaim(clearance: VisibilityLevel): SQL {
  return sql`(${sql.join(
    (Object.keys(CLAIM_KIND_RULES) as ClaimKind[]).map(
      (kind) => sql`(${claims.kind} = ${kind} and ${kindVisible(kind, clearance)})`,
    ),
    sql` or `,
  )})`;
}

const byValue = [asc(claims.kind), asc(claims.asn), asc(claims.net), asc(claims.domain)];

/** Every claim of one team (its editors and the secretariat manage them all). */
export async function claimsOfTeam(db: DbOrTx, teamId: string): Promise<ClaimRow[]> {
  return db
    .select()
    .from(claims)
    .where(eq(claims.teamId, teamId))
    .orderBy(...byValue);
}

/** The claims a caller of this clearance may see, per team (presenter input for pages, API and exports). */
export async function visibleClaimsByTeam(
  db: DbOrTx,
  teamIds: string[],
  clearance: VisibilityLevel,
): Promise<Map<string, ClaimSummary[]>> {
  const out = new Map<string, ClaimSummary[]>();
  if (teamIds.length === 0) return out;
  const rows = await db
    .select({ claim: claims })
    .from(claims)
    .innerJoin(teams, eq(teams.id, claims.teamId))
    .where(and(inArray(claims.teamId, teamIds), visibleClaim(clearance)))
    .orderBy(...byValue);
  for (const { claim } of rows) {
    const list = out.get(claim.teamId) ?? [];
    list.push(summaryOf(claim));
    out.set(claim.teamId, list);
  }
  return out;
}

/** A domain's labels from the top ("jp.example.sakura-keisoku"): a name's subdomains sort right after it. */
export function reversedLabels(domain: string): string {
  return domain.split('.').reverse().join('.');
}

export function columnsOf(claim: Claim): Pick<NewClaimRow, 'kind' | 'domain' | 'domainReversed' | 'net' | 'asn'> {
  if (claim.kind === 'domain') {
    return { kind: 'domain', domain: claim.value, domainReversed: reversedLabels(claim.value), net: null, asn: null };
  }
  if (claim.kind === 'prefix') return { kind: 'prefix', domain: null, net: claim.value, asn: null };
  return { kind: 'asn', domain: null, net: null, asn: claim.value };
}

/** The team's existing claims among these (the same object claimed twice is refused, not duplicated). */
export async function existingOf(db: DbOrTx, teamId: string, wanted: Claim[]): Promise<Set<string>> {
  if (wanted.length === 0) return new Set();
  const domains = wanted.filter((c) => c.kind === 'domain').map((c) => c.value);
  const nets = wanted.filter((c) => c.kind === 'prefix').map((c) => c.value);
  const asns = wanted.filter((c) => c.kind === 'asn').map((c) => c.value);
  const any: SQL[] = [];
  if (domains.length) any.push(inArray(claims.domain, domains));
  if (nets.length) any.push(sql`${claims.net} = any(string_to_array(${nets.join(',')}, ',')::cidr[])`);
  if (asns.length) any.push(inArray(claims.asn, asns));
  const rows = await db
    .select()
    .from(claims)
    .where(and(eq(claims.teamId, teamId), or(...any)));
  return new Set(rows.map((r) => `${r.kind}:${claimValue(r)}`));
}

export const claimKey = (c: Claim) => `${c.kind}:${c.value}`;

export async function insertClaims(db: DbOrTx, rows: NewClaimRow[]): Promise<ClaimRow[]> {
  if (rows.length === 0) return [];
  return db.insert(claims).values(rows).onConflictDoNothing().returning();
}

export async function deleteClaim(db: DbOrTx, teamId: string, id: string): Promise<ClaimRow | undefined> {
  const [row] = await db
    .delete(claims)
    .where(and(eq(claims.id, id), eq(claims.teamId, teamId)))
    .returning();
  return row;
}

export async function findClaim(db: DbOrTx, teamId: string, id: string): Promise<ClaimRow | undefined> {
  const [row] = await db
    .select()
    .from(claims)
    .where(and(eq(claims.id, id), eq(claims.teamId, teamId)));
  return row;
}

export async function markVerified(db: DbOrTx, id: string, at: Date, by: string): Promise<void> {
  await db.update(claims).set({ verifiedAt: at, verifiedBy: by }).where(eq(claims.id, id));
}

export async function markUnverified(db: DbOrTx, id: string): Promise<void> {
  await db.update(claims).set({ verifiedAt: null, verifiedBy: null }).where(eq(claims.id, id));
}

export async function recordDnsCheck(db: DbOrTx, id: string, at: Date, result: string, verified: boolean) {
  await db
    .update(claims)
    .set({
      dnsCheckedAt: at,
      dnsCheckResult: result,
      ...(verified ? { verifiedAt: at, verifiedBy: 'dns' } : {}),
    })
    .where(eq(claims.id, id));
}

/**
 * Many DNS checks made at `at` (the nightly pass), one statement per outcome rather than one per claim: a found
 * proof verifies its claim, as in recordDnsCheck.
 */
export async function recordDnsChecks(db: DbOrTx, at: Date, checks: readonly { id: string; result: string }[]) {
  const idsByResult = new Map<string, string[]>();
  for (const { id, result } of checks) idsByResult.set(result, [...(idsByResult.get(result) ?? []), id]);
  for (const [result, ids] of idsByResult) {
    await db
      .update(claims)
      .set({
        dnsCheckedAt: at,
        dnsCheckResult: result,
        ...(result === 'found' ? { verifiedAt: at, verifiedBy: 'dns' } : {}),
      })
      .where(inArray(claims.id, ids));
  }
}

/** Domain claims still waiting for their DNS proof, oldest check first (the nightly run), on active teams. */
export async function pendingDomainClaims(db: DbOrTx, limit: number): Promise<ClaimRow[]> {
  return db
    .select({ claim: claims })
    .from(claims)
    .innerJoin(teams, eq(teams.id, claims.teamId))
    .where(and(eq(claims.kind, 'domain'), isNull(claims.verifiedAt), eq(teams.status, 'active')))
    .orderBy(sql`${claims.dnsCheckedAt} asc nulls first`, asc(claims.createdAt))
    .limit(limit)
    .then((rows) => rows.map((r) => r.claim));
}

/** One claim that matched an indicator, with how specific the match is. */
export interface ClaimMatch {
  /** The indicator's position in the asked list. */
  index: number;
  teamId: string;
  kind: ClaimKind;
  value: string;
  verified: boolean;
  /** Prefix length, or the number of labels of the matched domain; 0 for an ASN. */
  specificity: number;
}

/**
 * Every prefix claim covering each address or prefix. A covering prefix of length L is the address with its bits
 * after L cleared, so the candidates are one equality probe per address and per prefix length in use (a handful:
 * read from the masklen index by skipping from one length to the next), all answered by one `= any(...)` scan of
 * the btree index on `net`. That costs about half of probing the GiST index with `>>=` once per address.
 * Unfiltered: the caller keeps the matches on teams and kinds the reader may see (directory/lookup.ts).
 */
export async function prefixMatches(db: DbOrTx, nets: { index: number; value: string }[]): Promise<ClaimMatch[]> {
  if (nets.length === 0) return [];
  const result = await db.execute(sql`
    with recursive lens(len) as (
      (select masklen(net) from ${claims} where net is not null order by masklen(net) limit 1)
      union all
      select (select masklen(c.net) from ${claims} c
        where c.net is not null and masklen(c.net) > lens.len order by masklen(c.net) limit 1)
      from lens where lens.len is not null
    ),
    q as materialized (
      select addr, ord from unnest(${`{${nets.map((n) => n.value).join(',')}}`}::inet[]) with ordinality as q(addr, ord)
    ),
    probes as materialized (
      select q.ord, set_masklen(q.addr::cidr, lens.len) as net from q join lens on lens.len <= masklen(q.addr)
    ),
    found as materialized (
      select c.team_id, c.net, c.verified_at from ${claims} c
      where c.net = any(array(select distinct net from probes))
    )
    select p.ord::int as ord, f.team_id, f.net::text as net, f.verified_at is not null as verified,
      masklen(f.net) as len
    from probes p join found f on f.net = p.net`);
  const rows = rowsOf<{ ord: number; team_id: string; net: string; verified: boolean; len: number }>(result);
  return rows.map(
    (r): ClaimMatch => ({
      index: nets[Number(r.ord) - 1]?.index ?? -1,
      teamId: r.team_id,
      kind: 'prefix',
      value: r.net,
      verified: r.verified,
      specificity: Number(r.len),
    }),
  );
}

/** Every domain claim equal to one of the given suffixes (unfiltered, as prefixMatches). */
export async function domainMatches(db: DbOrTx, names: string[]) {
  if (names.length === 0) return [];
  return db
    .select({ teamId: claims.teamId, domain: claims.domain, verifiedAt: claims.verifiedAt })
    .from(claims)
    .where(inArray(claims.domain, names));
}

/** Every claim of one of the given AS numbers (unfiltered, as prefixMatches). */
export async function asnMatches(db: DbOrTx, asns: number[]) {
  if (asns.length === 0) return [];
  return db
    .select({ teamId: claims.teamId, asn: claims.asn, verifiedAt: claims.verifiedAt })
    .from(claims)
    .where(inArray(claims.asn, asns));
}

/** Two teams claiming the same or overlapping objects: what the secretariat's dashboard lists. */
export interface ClaimOverlap {
  kind: ClaimKind;
  a: { team: string; slug: string; value: string; verified: boolean };
  b: { team: string; slug: string; value: string; verified: boolean };
}

interface OverlapRow {
  kind: ClaimKind;
  a_team: string;
  a_slug: string;
  a_value: string;
  a_verified: boolean;
  b_team: string;
  b_slug: string;
  b_value: string;
  b_verified: boolean;
  total: number;
}

export async function overlappingClaims(db: DbOrTx, limit: number): Promise<{ rows: ClaimOverlap[]; total: number }> {
  const result = await db.execute(sql`
    select a.kind, ta.short_name as a_team, ta.slug as a_slug, b_team, b_slug,
      coalesce(a.domain, a.net::text, a.asn::text) as a_value, a.verified_at is not null as a_verified,
      b_value, b_verified, count(*) over ()::int as total
    from ${claims} a
    join ${teams} ta on ta.id = a.team_id
    join lateral (
      select tb.short_name as b_team, tb.slug as b_slug, coalesce(b.domain, b.net::text, b.asn::text) as b_value,
        b.verified_at is not null as b_verified
      from ${claims} b join ${teams} tb on tb.id = b.team_id
      where b.team_id <> a.team_id and b.kind = a.kind and (
          (a.kind = 'asn' and b.asn = a.asn and b.team_id > a.team_id)
          or (a.kind = 'prefix' and ((b.net = a.net and b.team_id > a.team_id) or b.net << a.net))
          or (a.kind = 'domain' and ((b.domain = a.domain and b.team_id > a.team_id)
            or ((b.domain_reversed collate "C") > (a.domain_reversed || '.') collate "C"
              and (b.domain_reversed collate "C") < (a.domain_reversed || '/') collate "C")))
        )
    ) o on true
    order by a.kind, a_value, b_value
    limit ${limit}`);
  const found = rowsOf<OverlapRow>(result);
  const rows = found.map((r) => ({
    kind: r.kind,
    a: { team: r.a_team, slug: r.a_slug, value: r.a_value, verified: r.a_verified },
    b: { team: r.b_team, slug: r.b_slug, value: r.b_value, verified: r.b_verified },
  }));
  return { rows, total: Number(found[0]?.total ?? 0) };
}

/** The secretariat dashboard's line: how many objects are claimed, how many wait for verification, how many overlap. */
export async function claimTotals(db: DbOrTx): Promise<{ total: number; unverified: number; overlaps: number }> {
  const [counts] = await db
    .select({
      total: sql<number>`count(*)`.mapWith(Number),
      unverified: sql<number>`count(*) filter (where ${claims.verifiedAt} is null)`.mapWith(Number),
    })
    .from(claims);
  const { total: overlaps } = await overlappingClaims(db, 1);
  return { total: counts?.total ?? 0, unverified: counts?.unverified ?? 0, overlaps };
}
