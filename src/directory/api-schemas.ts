/**
 * What the JSON API answers, as zod schemas: the OpenAPI document is generated from these and from the query
 * schemas the routes parse with, and the tests check real answers against them, so the description cannot drift
 * from the behaviour.
 */

import { z } from 'zod';
import { CLAIM_KIND_RULES, CLAIM_KINDS } from '../constituency/vocabulary';
import { DRILL_RESULT_STATES } from '../drills/results';
import { FIELD_LIST, viewPathOf } from '../entry/fields';
import { bilingualApi } from '../entry/fields/kinds';
import { FRESHNESS_STATES } from '../entry/freshness';
import { KEY_STATES } from '../keys/presenter';

export const bilingualSchema = bilingualApi;

export const keySummarySchema = z
  .object({
    fingerprint: z.string().regex(/^[0-9A-F]{40}$/),
    keyId: z.string(),
    algorithm: z.string(),
    bits: z.number().int().nullable(),
    created: z.iso.datetime(),
    expires: z.iso.datetime().nullable(),
    status: z.enum(KEY_STATES),
    role: z.enum(['current', 'next', 'retired']),
    verifiedAt: z.iso.datetime().nullable(),
    retiredAt: z.iso.datetime().nullable(),
    uids: z.array(z.string()),
  })
  .meta({ id: 'KeySummary', description: 'A PGP key as the directory shows it.' });

/** The entry's fields as the API shows them, from the registry: absent where the caller's clearance does not cover. */
function entryShape(): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  const groups = new Map<string, Record<string, z.ZodType>>();
  for (const [name, field] of FIELD_LIST) {
    const path = viewPathOf(name);
    if (path.length === 2) {
      const group = groups.get(path[0]) ?? {};
      group[path[1]] = field.api;
      groups.set(path[0], group);
    } else shape[name] = field.visibility === 'identity' ? field.api : field.api.optional();
  }
  // The constituency's network objects (constituency/) join the group of the same name, each kind when visible.
  // Their rules are their own, so the group may hold them without the entry's fields: those become optional.
  const constituency: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(groups.get('constituency') ?? {})) constituency[name] = schema.optional();
  for (const spec of Object.values(CLAIM_KIND_RULES)) constituency[spec.viewProp] = z.array(claimViewSchema).optional();
  groups.set('constituency', constituency);
  for (const [name, group] of groups) shape[name] = z.object(group).optional();
  return shape;
}

export const claimViewSchema = z
  .object({
    value: z.string().describe('a domain in A-labels, a prefix in CIDR notation, or an AS number'),
    unicode: z.string().optional().describe('the domain in U-labels, when it has any'),
    verified: z.boolean().describe('proved by DNS (domains) or confirmed by the secretariat (prefixes, ASNs)'),
  })
  .meta({ id: 'ConstituencyObject' });

/** Members: the last reachability drill — a message encrypted to the team's key whose code the team sent back. */
export const reachabilitySchema = z
  .object({
    testedAt: z.iso.datetime().describe('when the drill was sent (or was due, when it could not be sent)'),
    outcome: z.enum(DRILL_RESULT_STATES),
    answeredAt: z.iso.datetime().nullable(),
    answerMinutes: z.number().int().nullable().describe('time to answer, in the team’s business hours'),
    answeredLate: z.boolean(),
  })
  .meta({ id: 'Reachability' });

/** A team as the caller may see it: fields the caller's clearance does not cover are absent. */
export const teamViewSchema = z
  .object({
    slug: z.string(),
    ...entryShape(),
    freshness: z.object({
      state: z.enum(FRESHNESS_STATES),
      confirmedAt: z.iso.datetime().nullable(),
      dueAt: z.iso.datetime(),
      unconfirmedSince: z.iso.datetime().nullable().describe('set when stale: "unconfirmed since …"'),
    }),
    key: keySummarySchema.nullable().optional(),
    nextKey: keySummarySchema.nullable().optional(),
    retiredKeys: z
      .array(keySummarySchema)
      .optional()
      .describe('one team only (GET /api/v1/teams/{slug}): keys retired by rotation, with their dates'),
    reachability: reachabilitySchema.optional(),
    url: z.string(),
  })
  .meta({ id: 'Team' });

export const teamPageSchema = z
  .object({
    items: z.array(teamViewSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .meta({ id: 'TeamPage' });

export const teamListSchema = z
  .object({ items: z.array(teamViewSchema), total: z.number().int() })
  .meta({ id: 'TeamList' });

export const problemSchema = z.object({ code: z.string(), message: z.string() }).meta({ id: 'Problem' });
const problem = problemSchema;

export const keyCheckSchema = z
  .object({
    ok: z.boolean(),
    fingerprint: z.string().nullable(),
    errors: z.array(problem),
    warnings: z.array(problem),
    key: z
      .object({
        fingerprint: z.string(),
        keyId: z.string(),
        algorithm: z.string(),
        bits: z.number().int().nullable(),
        created: z.iso.datetime(),
        expires: z.iso.datetime().nullable(),
        uids: z.array(z.string()),
      })
      .nullable(),
  })
  .meta({ id: 'KeyCheck' });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string().describe("in the caller's language (Accept-Language, ?lang)"),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

const freshnessSchema = z.object({
  state: z.enum(FRESHNESS_STATES),
  confirmedAt: z.iso.datetime().nullable(),
  dueAt: z.iso.datetime(),
  unconfirmedSince: z.iso.datetime().nullable(),
});

const lookupMatchSchema = z.object({
  team: z.object({
    slug: z.string(),
    shortName: z.string(),
    officialName: bilingualApi,
    email: z.string().optional().describe('absent when the caller may not see it'),
    key: z.object({ fingerprint: z.string() }).nullable().optional(),
    freshness: freshnessSchema,
    url: z.string(),
  }),
  matched: z.object({ type: z.enum(CLAIM_KINDS), value: z.string(), verified: z.boolean() }),
  specificity: z.number().int().describe('prefix length, or labels of the matched domain; 0 for an ASN'),
});

export const lookupResultSchema = z
  .object({
    query: z.string(),
    kind: z.enum(['ip', 'prefix', 'asn', 'domain']),
    value: z.string().describe('the indicator as looked up: an address, a prefix, an AS number or a domain'),
    matches: z.array(lookupMatchSchema).describe('verified claims first, then the most specific'),
  })
  .meta({ id: 'LookupResult' });

export const lookupBatchSchema = z
  .object({
    results: z.array(
      z.union([
        lookupResultSchema,
        z.object({ query: z.string(), kind: z.null(), error: z.literal('unrecognised'), message: z.string() }),
      ]),
    ),
  })
  .meta({ id: 'LookupResults' });

export const tiTeamSchema = z
  .object({
    short_name: z.string(),
    official_name: z.string(),
    host_organisation: z.string(),
    established: z.string().nullable(),
    country_code: z.string(),
    constituency: z.object({
      types: z.array(z.string()),
      ...Object.fromEntries(Object.values(CLAIM_KIND_RULES).map(({ ti }) => [ti, z.array(z.string())])),
      countries: z.array(z.string()),
      description: z.string().optional(),
    }),
    business_hours: z.string().nullable(),
    business_hours_timezone: z.string().nullable(),
    pgp_keys: z.array(z.object({ fingerprint: z.string(), expires: z.iso.datetime().nullable() })),
    phones: z.array(z.object({ number: z.string(), usage: z.enum(['main', 'emergency']) })),
    emails: z.array(z.object({ address: z.string(), usage: z.literal('main') })),
    website: z.string().nullable(),
    last_confirmed: z.iso.datetime().nullable(),
    url: z.string(),
  })
  .strict()
  .meta({ id: 'TrustedIntroducerTeam', description: "A team in the shape of Trusted Introducer's listing." });

export const tiListSchema = z
  .object({ teams: z.array(tiTeamSchema), total: z.number().int() })
  .meta({ id: 'TrustedIntroducerList' });
