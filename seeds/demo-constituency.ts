/**
 * Constituency claims of the demo teams and of synthetic teams, with documentation resources only (RFC 5737 and
 * RFC 3849 addresses, RFC 5398 AS numbers, .example.jp names). Every demo team claims its mail domain (proved by
 * DNS when it confirmed its entry recently); SAKURA-CSIRT has verified prefixes and an ASN; TSUBASA-HD-CSIRT's /24
 * holds its group company HAYABUSA-PSIRT's /28, so the most-specific rule and the overlap list can be seen;
 * KUROGANE-SIRT keeps its prefixes to members.
 */
import { eq } from 'drizzle-orm';
import { DOCUMENTATION_RESOURCES, loadConfig } from '../src/config';
import { newProofToken } from '../src/constituency/dns-proof';
import { type Claim, parseClaim } from '../src/constituency/parse';
import { columnsOf } from '../src/constituency/queries';
import { constituencyClaims, type NewClaimRow } from '../src/constituency/schema';
import type { AppContext } from '../src/context';
import type { DbOrTx } from '../src/db/client';
import { teams } from '../src/entry/schema';

type Verified = 'dns' | 'secretariat' | null;

/** Claims beyond each team's mail domain: [object, verified by]. */
const EXTRA_CLAIMS: Record<string, [string, Verified][]> = {
  'SAKURA-CSIRT': [
    ['192.0.2.0/27', 'secretariat'],
    ['2001:db8:100::/48', 'secretariat'],
    ['AS64500', 'secretariat'],
  ],
  'TSUBASA-HD-CSIRT': [
    ['198.51.100.0/24', 'secretariat'],
    ['AS64501', 'secretariat'],
  ],
  'HAYABUSA-PSIRT': [
    ['198.51.100.64/28', 'secretariat'],
    ['hayabusa-denshi.example.jp', 'dns'],
  ],
  'TOKIWA-CSIRT': [
    ['2001:db8:200::/40', 'secretariat'],
    ['203.0.113.0/25', null],
    ['AS64502', null],
  ],
  'KUROGANE-SIRT': [
    ['203.0.113.128/26', 'secretariat'],
    ['AS64503', null],
  ],
  'HOKKAI-NET-CSIRT': [['2001:db8:300::/48', null]],
  'KUROSHIO-CSIRT': [
    ['203.0.113.192/27', 'secretariat'],
    ['AS64504', 'secretariat'],
  ],
};

/** The demo's own policy: documentation ranges are what it is made of. */
const DEMO_POLICY = (() => {
  const c = loadConfig({ NODE_ENV: 'test', CONSTITUENCY_ALLOWED_SPECIAL: DOCUMENTATION_RESOURCES }).constituency;
  return { allowedPrefixes: c.allowedPrefixes, allowedAsns: c.allowedAsns };
})();

function claimOf(text: string): Claim {
  const parsed = parseClaim(text, DEMO_POLICY);
  if (!parsed.ok) throw new Error(`demo claim ${text}: ${parsed.reason}`);
  return parsed.claim;
}

function rowOf(teamId: string, claim: Claim, verified: Verified, at: Date, by: string): NewClaimRow {
  return {
    teamId,
    ...columnsOf(claim),
    dnsToken: claim.kind === 'domain' ? newProofToken() : null,
    verifiedAt: verified ? at : null,
    verifiedBy: verified === 'dns' ? 'dns' : verified ? 'secretariat@nca.example.jp' : null,
    dnsCheckedAt: claim.kind === 'domain' && verified === 'dns' ? at : null,
    dnsCheckResult: claim.kind === 'domain' && verified === 'dns' ? 'found' : null,
    createdAt: at,
    createdBy: by,
  };
}

export async function insertClaimRows(db: DbOrTx, rows: NewClaimRow[]): Promise<void> {
  // Well under the protocol's 65,535 bound parameters per statement.
  for (let i = 0; i < rows.length; i += 4000) {
    await db
      .insert(constituencyClaims)
      .values(rows.slice(i, i + 4000))
      .onConflictDoNothing();
  }
}

/** Claims of the demo teams just inserted (ids by slug); confirmedDaysAgo < 300 means the mail domain was proved. */
export async function seedDemoClaims(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  db: DbOrTx,
  added: { id: string; shortName: string; email: string; confirmedDaysAgo: number }[],
): Promise<void> {
  const now = ctx.clock.now();
  const rows: NewClaimRow[] = [];
  for (const team of added) {
    const mailDomain = team.email.split('@')[1] ?? '';
    const seen = new Set<string>();
    const push = (text: string, verified: Verified) => {
      const claim = claimOf(text);
      if (seen.has(`${claim.kind}:${claim.value}`)) return;
      seen.add(`${claim.kind}:${claim.value}`);
      rows.push(rowOf(team.id, claim, verified, now, team.email));
    };
    push(mailDomain, team.confirmedDaysAgo < 300 ? 'dns' : null);
    for (const [text, verified] of EXTRA_CLAIMS[team.shortName] ?? []) push(text, verified);
  }
  await insertClaimRows(db, rows);
  const kurogane = added.find((t) => t.shortName === 'KUROGANE-SIRT');
  if (kurogane) {
    const [row] = await db.select({ visibility: teams.visibility }).from(teams).where(eq(teams.id, kurogane.id));
    await db
      .update(teams)
      .set({ visibility: { ...(row?.visibility ?? {}), prefixes: 'members' } })
      .where(eq(teams.id, kurogane.id));
  }
}

/** RFC 5398's AS numbers, which synthetic teams share round-robin. */
const DOC_ASNS = [
  ...Array.from({ length: 16 }, (_, i) => 64496 + i),
  ...Array.from({ length: 16 }, (_, i) => 65536 + i),
];

/**
 * A synthetic team's claims: its mail domain and `per - 1` subdomains of it, `per` IPv6 /56s out of 2001:db8::/32
 * (numbered across all teams, so no two teams share one), an IPv4 /32 out of 192.0.2.0/24 for the first 256 teams,
 * and one documentation ASN.
 */
export function syntheticClaims(teamId: string, index: number, mailDomain: string, per: number, at: Date) {
  const rows: NewClaimRow[] = [];
  const add = (claim: Claim) => rows.push(rowOf(teamId, claim, null, at, 'seed'));
  add({ kind: 'domain', value: mailDomain });
  for (let j = 1; j < per; j++) add({ kind: 'domain', value: `n${j}.${mailDomain}` });
  for (let j = 0; j < per; j++) {
    const k = index * per + j;
    const high = ((k >>> 8) & 0xffff).toString(16);
    const low = (k & 0xff).toString(16);
    add({ kind: 'prefix', value: `2001:db8:${high}:${low}00::/56`, family: 6 });
  }
  if (index < 256) add({ kind: 'prefix', value: `192.0.2.${index}/32`, family: 4 });
  add({ kind: 'asn', value: DOC_ASNS[index % DOC_ASNS.length] ?? 64496 });
  return rows;
}
