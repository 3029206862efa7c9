/** What pages need to show a team entry, in the reader's language and beyond it (app.ts hands these to views). */

import { displayDomain } from '../constituency/parse';
import { entryRows } from '../entry/entry-display';
import { formatBusinessHours, formatLanguages } from '../entry/format';
import { formatPhone, phoneUri } from '../entry/phone';
import type { BusinessHours } from '../entry/vocabulary';
import type { Locale, Translate } from '../i18n';
import { groupFingerprint } from '../keys/presenter';

/** Language-dependent helpers, set for each request with the page language. */
export function entryLocaleHelpers(locale: Locale, t: Translate) {
  return {
    hoursText: (hours: BusinessHours, tz?: string) => formatBusinessHours(hours, tz, t),
    languagesText: (codes: string[]) => formatLanguages(codes, t),
    fmtPhone: (value: string | null | undefined) => formatPhone(value, locale),
  };
}

/** Helpers the same for every reader. */
export const entryViewHelpers = {
  entryRows,
  groupFingerprint,
  /** A stored domain (A-labels) as people read it (U-labels). */
  unicodeDomain: displayDomain,
  /** tel: links as RFC 3966 global numbers (tel:+81-3-5555-0101), from E.164 or an older domestic string. */
  telHref: (phone: string) => phoneUri(phone) ?? `tel:${phone.replace(/[^\d+]/g, '')}`,
};

declare module '../http/locals' {
  /** The entry's language-dependent helpers, set by the locale middleware (app.ts hands them over). */
  interface AppLocals extends ReturnType<typeof entryLocaleHelpers> {}
}
