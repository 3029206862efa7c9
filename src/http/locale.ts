/**
 * Chooses the page language: `?lang=` (remembered in a cookie) › the cookie › Accept-Language › Japanese.
 * Puts `locale`, `t` and formatting helpers on res.locals for views and handlers.
 */
import type { NextFunction, Request } from 'express';
import type { Config } from '../config';
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale, pick, type Translate, translator } from '../i18n';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format';
import type { PageResponse } from './locals';
import { safeNext } from './redirect';

const LANG_COOKIE = 'lang';
const VARY = 'Accept-Language, Cookie';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Accept-Language headers seen, with the language each chose (browsers send a handful of distinct values). */
const acceptedByHeader = new Map<string, Locale>();
const ACCEPTED_KEPT = 200;
const ACCEPTED_KEPT_LENGTH = 200;

/** The language an Accept-Language header prefers among ours: negotiated once per distinct (short) header. */
function acceptedLocale(req: Request): Locale {
  const header = req.headers['accept-language'] ?? '';
  const known = acceptedByHeader.get(header);
  if (known !== undefined) return known;
  const accepted = req.acceptsLanguages(...LOCALES);
  const locale = isLocale(accepted) ? accepted : DEFAULT_LOCALE;
  if (header.length <= ACCEPTED_KEPT_LENGTH) {
    if (acceptedByHeader.size >= ACCEPTED_KEPT) acceptedByHeader.clear();
    acceptedByHeader.set(header, locale);
  }
  return locale;
}

function resolveLocale(req: Request): Locale {
  const query = req.query?.lang;
  if (isLocale(query)) return query;
  const cookie = (req.cookies as Record<string, unknown> | undefined)?.[LANG_COOKIE];
  if (isLocale(cookie)) return cookie;
  return acceptedLocale(req);
}

/** The current URL with `lang` set, for the language switcher. */
function urlWithLang(originalUrl: string, lang: Locale): string {
  const url = new URL(originalUrl, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

/**
 * The address of the page being shown. After a form POST that is the page the form was on (the Referer's path —
 * only its path and query are used, so the link stays on this site), not the POST-only action.
 */
function pageAddress(req: Request): string {
  if (req.method === 'GET' || req.method === 'HEAD') return safeNext(req.originalUrl);
  try {
    const referer = new URL(req.get('referer') ?? '');
    return safeNext(`${referer.pathname}${referer.search}`);
  } catch {
    return '/';
  }
}

/**
 * The page helpers of the reader's language on res.locals. The middleware below sets them for every page; the
 * error handler calls this itself for a request refused before the middleware ran (text refused at the edge).
 */
export function setLocaleLocals(
  req: Request,
  res: PageResponse,
  config: Pick<Config, 'displayTimeZone'>,
  helpers: readonly LocaleHelpers[] = [],
): void {
  Object.assign(res.locals, localeLocals(resolveLocale(req), config, helpers));
  res.locals.langUrl = (lang: Locale) => urlWithLang(pageAddress(req), lang);
}

/** Everything on res.locals that depends on the language alone (the same for every request in that language). */
function localeLocals(locale: Locale, config: Pick<Config, 'displayTimeZone'>, helpers: readonly LocaleHelpers[]) {
  const t = translator(locale);
  const locals: Partial<PageResponse['locals']> = {
    locale,
    t,
    pick: (value: { ja?: string | null; en?: string | null }) => pick(locale, value),
    fmtDate: (value: Date | string | null | undefined) => formatDate(value, locale, config.displayTimeZone),
    fmtNumber: (value: number) => formatNumber(value, locale),
    fmtDateTime: (value: Date | string | null | undefined) => formatDateTime(value, locale, config.displayTimeZone),
  };
  for (const of of helpers) Object.assign(locals, of(locale, t));
  return locals;
}

/** Helpers of a feature that depend on the reader's language (a team's business hours in words): app.ts adds them. */
export type LocaleHelpers = (locale: Locale, t: Translate) => Record<string, unknown>;

export function localeMiddleware(
  config: Pick<Config, 'displayTimeZone' | 'isProduction'>,
  helpers: readonly LocaleHelpers[] = [],
) {
  const perLocale = new Map<Locale, ReturnType<typeof localeLocals>>();
  return (req: Request, res: PageResponse, next: NextFunction) => {
    const locale = resolveLocale(req);
    if (isLocale(req.query?.lang) && req.cookies?.[LANG_COOKIE] !== locale) {
      res.cookie(LANG_COOKIE, locale, {
        maxAge: ONE_YEAR_MS,
        sameSite: 'lax',
        httpOnly: true,
        secure: config.isProduction,
      });
    }
    // Caches must keep the languages apart. (Usually nothing has set Vary yet: then the header is this constant.)
    if (res.getHeader('Vary') === undefined) res.setHeader('Vary', VARY);
    else res.vary('Accept-Language').vary('Cookie');
    // The language's helpers are made once per language rather than once per request.
    let locals = perLocale.get(locale);
    if (!locals) {
      locals = localeLocals(locale, config, helpers);
      perLocale.set(locale, locals);
    }
    Object.assign(res.locals, locals);
    res.locals.langUrl = (lang: Locale) => urlWithLang(pageAddress(req), lang);
    next();
  };
}
