import type { Locale } from './index';

/** Dates as people in each locale write them: 2026年11月22日 / 22 Nov 2026. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${timeZone}`;
  let f = dateFormats.get(cacheKey);
  if (!f) {
    f =
      locale === 'ja'
        ? new Intl.DateTimeFormat('ja-JP', { year: 'numeric', month: 'long', day: 'numeric', timeZone })
        : new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone });
    dateFormats.set(cacheKey, f);
  }
  return f;
}

/**
 * Formats an instant (Date / ISO timestamp) in the display time zone, or a calendar date ("YYYY-MM-DD") as it is,
 * whatever the time zone.
 */
export function formatDate(value: Date | string | null | undefined, locale: Locale, timeZone: string): string {
  if (value == null || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return formatter(locale, 'UTC').format(new Date(`${value}T00:00:00Z`));
  }
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return formatter(locale, timeZone).format(date);
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB').format(value);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Date and time to the minute: 2026年11月22日 12:05 / 22 Nov 2026, 12:05. */
export function formatDateTime(value: Date | string | null | undefined, locale: Locale, timeZone: string): string {
  if (value == null || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const cacheKey = `${locale}|${timeZone}`;
  let f = dateTimeFormats.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
      dateStyle: locale === 'ja' ? 'long' : 'medium',
      timeStyle: 'short',
      timeZone,
    });
    dateTimeFormats.set(cacheKey, f);
  }
  return f.format(date);
}
