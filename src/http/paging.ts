/**
 * Paging of list pages: the page a query asks for, the rows of that page and the links to the others. Plumbing
 * only — a list says how to fetch a slice of itself and this does the arithmetic once for every list.
 */
import type { Request } from 'express';
import { z } from 'zod';

/** Rows per page of the secretariat's lists (teams, users, audit, mail, applications). */
export const LIST_PAGE_SIZE = 50;

/**
 * The `?page=` parameter of a list's query schema (its message: `validation.page`): a whole number from 1; absent
 * or blank is page 1.
 */
export const pageParameter = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(1))
    .optional(),
);

/** A page as SQL wants it. `page` is 1-based; a query without `?page=` is page 1. */
export interface PageSlice {
  page: number;
  limit: number;
  offset: number;
}

export function pageSlice(page: number | undefined, pageSize: number): PageSlice {
  const current = page ?? 1;
  return { page: current, limit: pageSize, offset: (current - 1) * pageSize };
}

export interface PageLinks {
  page: number;
  pages: number;
  /** The rows this page shows, 1-based ("Showing 21–22 of 22"); both 0 on a page past the end. */
  from: number;
  to: number;
  /** A page number beyond the last page (an old bookmark, a hand-edited link): the view says so and links back. */
  pastEnd: boolean;
  last: string;
  prev: string | null;
  next: string | null;
  /** Page numbers to show, with null for a gap ("…"). */
  window: { page: number | null; href: string | null; current: boolean }[];
}

function hrefFor(originalUrl: string, page: number): string {
  const url = new URL(originalUrl, 'http://x');
  if (page === 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(page));
  return `${url.pathname}${url.search}`;
}

/**
 * Links for a paged list, keeping every other query parameter (search, filters, language). Null when there is
 * nothing to page through: one page, or no rows at all.
 */
export function pageLinks(originalUrl: string, page: number, total: number, pageSize: number): PageLinks | null {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pastEnd = total > 0 && page > pages;
  if (pages <= 1 && !pastEnd) return null;
  const shown = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pages));
  const sorted = [...shown].sort((a, b) => a - b);
  const window: PageLinks['window'] = [];
  let last = 0;
  for (const p of sorted) {
    if (p - last > 1) window.push({ page: null, href: null, current: false });
    window.push({ page: p, href: hrefFor(originalUrl, p), current: p === page });
    last = p;
  }
  return {
    page,
    pages,
    from: pastEnd ? 0 : (page - 1) * pageSize + 1,
    to: pastEnd ? 0 : Math.min(total, page * pageSize),
    pastEnd,
    last: hrefFor(originalUrl, pages),
    prev: pastEnd ? hrefFor(originalUrl, pages) : page > 1 ? hrefFor(originalUrl, page - 1) : null,
    next: page < pages ? hrefFor(originalUrl, page + 1) : null,
    window,
  };
}

export interface PagedList<T> {
  rows: T[];
  total: number;
  pages: PageLinks | null;
}

/**
 * One page of a list and its page links. Lists that count their rows alongside the rows themselves (a window
 * count) come back with no count on a page past the end; then the count is read from the first row, to say how far
 * the list goes. A list that counts separately has its count already, and a count of 0 there means an empty list.
 */
export async function pagedList<T>(
  req: Request,
  page: number | undefined,
  pageSize: number,
  fetch: (limit: number, offset: number) => Promise<{ rows: T[]; total: number }>,
): Promise<PagedList<T>> {
  const slice = pageSlice(page, pageSize);
  const { rows, total } = await fetch(slice.limit, slice.offset);
  const pastEnd = rows.length === 0 && slice.offset > 0 && total === 0;
  const count = pastEnd ? (await fetch(1, 0)).total : total;
  return { rows, total: count, pages: pageLinks(req.originalUrl, slice.page, count, pageSize) };
}
