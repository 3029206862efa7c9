import { z } from 'zod';
import { CONSTITUENCY_TYPES, INDUSTRIES, REGIONS, SERVICE_AREAS } from '../entry/vocabulary';
import type { MessageKey } from '../i18n';

/** An empty form field ("All" in a select, a cleared box) means "not given". */
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{1,9}$/)
      .transform(Number)
      .pipe(z.number().int().min(min).max(max))
      .optional(),
  );

const filters = {
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  region: z.preprocess(blankToUndefined, z.enum(REGIONS).optional()),
  industry: z.preprocess(blankToUndefined, z.enum(INDUSTRIES).optional()),
  service: z.preprocess(blankToUndefined, z.enum(SERVICE_AREAS).optional()),
  constituency: z.preprocess(blankToUndefined, z.enum(CONSTITUENCY_TYPES).optional()),
  /** Reachable now: within business hours in the team's time zone, or (for members) a 24/7 line. */
  reachable: z.preprocess(
    blankToUndefined,
    z
      .enum(['1', 'true', 'on'])
      .transform(() => true)
      .optional(),
  ),
  lang: z.preprocess(blankToUndefined, z.enum(['ja', 'en']).optional()),
};

export const API_MAX_LIMIT = 100;
export const API_DEFAULT_LIMIT = 20;

/** GET /api/v1/teams */
export const apiTeamsQuery = z.object({
  ...filters,
  limit: wholeNumber(1, API_MAX_LIMIT),
  offset: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{1,9}$/)
      .transform(Number)
      .pipe(z.number().int().min(0))
      .optional(),
  ),
});

/** GET / (the directory page) */
export const directoryPageQuery = z.object({ ...filters, page: wholeNumber(1, 1_000_000) });

export const QUERY_MESSAGES: Partial<Record<string, MessageKey>> = {
  q: 'validation.q',
  region: 'validation.region',
  industry: 'validation.industry',
  service: 'validation.service',
  constituency: 'validation.constituency',
  reachable: 'validation.reachable',
  limit: 'validation.limit',
  offset: 'validation.offset',
  page: 'validation.page',
  lang: 'validation.lang',
};

/** What the directory can be filtered by (the service's query adds paging). */
export interface DirectoryFilters {
  q?: string;
  region?: string;
  industry?: string;
  service?: string;
  constituency?: string;
  reachable?: boolean;
}

/** The directory filters of a parsed query, as the service takes them (pages, API and exports alike). */
export function directoryFilters(q: DirectoryFilters): DirectoryFilters {
  return {
    q: q.q,
    region: q.region,
    industry: q.industry,
    service: q.service,
    constituency: q.constituency,
    reachable: q.reachable,
  };
}
