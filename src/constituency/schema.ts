/**
 * What a team says it is responsible for (its constituency's network objects): domains, IP prefixes and AS numbers,
 * one row each. Several teams may claim the same or overlapping objects (a group company inside its parent's range);
 * nothing is overwritten, the secretariat sees the overlaps. A claim counts as verified once the domain's DNS proves
 * it or the secretariat confirmed the prefix or ASN; unverified claims rank below verified ones in lookups.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, cidr, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sqlValueList } from '../db/column-types';
import { teams } from '../entry/schema';
import { CLAIM_KINDS } from './vocabulary';

export const constituencyClaims = pgTable(
  'constituency_claims',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CLAIM_KINDS }).notNull(),
    /** A domain in A-labels (lowercase, no trailing dot); covers its subdomains. */
    domain: text('domain'),
    /** The domain's labels from the top, so that a name's subdomains are one index range (overlap listing). */
    domainReversed: text('domain_reversed'),
    /** An IPv4 or IPv6 prefix; a single address is a /32 or /128. */
    net: cidr('net'),
    /** An AS number (asplain). */
    asn: bigint('asn', { mode: 'number' }),
    /** The TXT value `_csirt-registry.<domain>` must carry to prove a domain claim (not a secret: it is published). */
    dnsToken: text('dns_token'),
    /** The last DNS check: when, and what it found (`found`, `absent`, `mismatch`, `error`). */
    dnsCheckedAt: timestamp('dns_checked_at', { withTimezone: true, mode: 'date' }),
    dnsCheckResult: text('dns_check_result'),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
    /** `dns`, or who in the secretariat confirmed it. */
    verifiedBy: text('verified_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    check('constituency_claims_kind_check', sql`${t.kind} in (${sql.raw(sqlValueList(CLAIM_KINDS))})`),
    check(
      'constituency_claims_value_check',
      sql`(${t.kind} = 'domain' and ${t.domain} is not null and ${t.net} is null and ${t.asn} is null)
        or (${t.kind} = 'prefix' and ${t.net} is not null and ${t.domain} is null and ${t.asn} is null)
        or (${t.kind} = 'asn' and ${t.asn} is not null and ${t.domain} is null and ${t.net} is null)`,
    ),
    uniqueIndex('constituency_claims_team_domain_key').on(t.teamId, t.domain).where(sql`${t.domain} is not null`),
    uniqueIndex('constituency_claims_team_net_key').on(t.teamId, t.net).where(sql`${t.net} is not null`),
    uniqueIndex('constituency_claims_team_asn_key').on(t.teamId, t.asn).where(sql`${t.asn} is not null`),
    // Containment (`>>=`, `<<`: the overlap listing) uses the GiST index on both databases.
    index('constituency_claims_net_gist_idx').using('gist', sql`${t.net} inet_ops`),
    // Lookups probe by equality, one probe per prefix length in use (queries.ts prefixMatches): the btree on `net`
    // answers the probes, the one on the length lists the lengths without reading the table.
    index('constituency_claims_net_idx').on(t.net),
    index('constituency_claims_masklen_idx').on(sql`masklen(${t.net})`).where(sql`${t.net} is not null`),
    // Domain suffix match looks up every suffix of the asked name by equality.
    index('constituency_claims_domain_idx').on(t.domain),
    index('constituency_claims_domain_reversed_idx').on(sql`(${t.domainReversed} collate "C")`),
    index('constituency_claims_asn_idx').on(t.asn),
    index('constituency_claims_team_idx').on(t.teamId),
    // The nightly DNS check takes the 500 pending domain claims checked longest ago (queries.ts
    // pendingDomainClaims): read in this order from the index rather than by sorting every claim (~100 ms on the
    // embedded database at 100,000 domain claims, which blocks the server's event loop).
    index('constituency_claims_dns_pending_idx')
      .on(t.dnsCheckedAt.asc().nullsFirst(), t.createdAt)
      .where(sql`${t.kind} = 'domain' and ${t.verifiedAt} is null`),
  ],
);

export type ClaimRow = typeof constituencyClaims.$inferSelect;
export type NewClaimRow = typeof constituencyClaims.$inferInsert;
