/**
 * What the JSON API answers, as zod schemas: the OpenAPI document is generated from these and from the query
 * schemas the routes parse with, and the tests check real answers against them, so the description cannot drift
 * from the behaviour.
 */
import { z } from 'zod';

export const bilingualSchema = z.object({ ja: z.string(), en: z.string() }).meta({ id: 'Bilingual' });
const bilingual = bilingualSchema;

export const keySummarySchema = z
  .object({
    fingerprint: z.string().regex(/^[0-9A-F]{40}$/),
    keyId: z.string(),
    algorithm: z.string(),
    bits: z.number().int().nullable(),
    created: z.iso.datetime(),
    expires: z.iso.datetime().nullable(),
    status: z.enum(['valid', 'expiring', 'expired', 'revoked', 'invalid']),
    role: z.enum(['current', 'next', 'retired']),
    verifiedAt: z.iso.datetime().nullable(),
    retiredAt: z.iso.datetime().nullable(),
    uids: z.array(z.string()),
  })
  .meta({ id: 'KeySummary', description: 'A PGP key as the directory shows it.' });

/** A team as the caller may see it: fields the caller's clearance does not cover are absent. */
export const teamViewSchema = z
  .object({
    slug: z.string(),
    shortName: z.string(),
    officialName: bilingual,
    organization: bilingual,
    foundedOn: z.string().nullable(),
    memberSince: z.string(),
    status: z.enum(['active', 'suspended', 'withdrawn']),
    country: z.string(),
    region: z.string().nullable(),
    industry: z.string().nullable(),
    email: z.string().optional(),
    website: z.string().nullable().optional(),
    phone: z
      .string()
      .nullable()
      .optional()
      .describe(
        'E.164 (an entry from an older version may hold a domestic form until it is saved again); members only unless the team made it public',
      ),
    emergencyPhone: z.string().nullable().optional(),
    businessHours: z
      .object({ days: z.array(z.number().int().min(0).max(6)), open: z.string(), close: z.string() })
      .nullable()
      .optional(),
    timeZone: z.string().optional(),
    languages: z.array(z.string()).optional(),
    introduction: z.object({ overview: bilingual, background: bilingual, activities: bilingual }).optional(),
    constituency: z.object({ types: z.array(z.string()), description: bilingual }).optional(),
    services: z.array(z.string()).optional(),
    notes: z.string().nullable().optional(),
    freshness: z.object({
      state: z.enum(['current', 'due', 'overdue', 'stale']),
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
