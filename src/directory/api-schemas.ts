/**
 * What the JSON API answers, as zod schemas: the OpenAPI document is generated from these and from the query
 * schemas the routes parse with, and the tests check real answers against them, so the description cannot drift
 * from the behaviour.
 */

import { z } from 'zod';
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
  for (const [name, group] of groups) shape[name] = z.object(group).optional();
  return shape;
}

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
