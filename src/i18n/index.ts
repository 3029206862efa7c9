import { en } from './en';
import { ja, type MessageKey } from './ja';

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ja';
export type { MessageKey };

const catalogues: Record<Locale, Record<MessageKey, string>> = { ja, en };

export function isLocale(value: unknown): value is Locale {
  return value === 'ja' || value === 'en';
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const template = catalogue[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** A bilingual entry field in the page's language, falling back to the other language when it is empty. */
export function pick(locale: Locale, value: { ja?: string | null; en?: string | null }): string {
  const first = locale === 'en' ? value.en : value.ja;
  const second = locale === 'en' ? value.ja : value.en;
  return (first?.trim() ? first : second) ?? '';
}
