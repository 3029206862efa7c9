import { z } from 'zod';
import type { MessageKey } from '../i18n';
import { INDUSTRIES, REGIONS } from './vocabulary';

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
  limit: 'validation.limit',
  offset: 'validation.offset',
  page: 'validation.page',
  lang: 'validation.lang',
};
