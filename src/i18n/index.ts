import { en } from './en';
import { ja, type MessageKey } from './ja';
import { LOCALES, type Locale, type Params } from './locales';
import { selectPlurals } from './plural';

export { DEFAULT_LOCALE } from './locales';
export type { MessageKey };
export { LOCALES, type Locale, type Params };

const catalogues: Record<Locale, Record<MessageKey, string>> = { ja, en };

/** Whether a key built from data (a vocabulary code, a stored action name) names a message. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(ja, key);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'ja' || value === 'en';
}

export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * Counts choose their plural form (`{count, plural, one {# team} other {# teams}}`, see plural.ts).
 * A parameter written `msg:<key>` is itself a message, shown in the reader's language: services that know no
 * language can still name a state or an action in an error ({ state: 'msg:admission.state.withdrawn' }).
 */
const MESSAGE_PARAM = 'msg:';

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  const value = (v: string | number) => {
    const text = String(v);
    if (!text.startsWith(MESSAGE_PARAM)) return text;
    return catalogue[text.slice(MESSAGE_PARAM.length) as MessageKey] ?? text;
  };
  return (key, params) => {
    if (!params) return catalogue[key] ?? key;
    const template = selectPlurals(catalogue[key] ?? key, params, locale);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? value(params[name]) : whole));
  };
}

/** A bilingual entry field in the page's language, falling back to the other language when it is empty. */
export function pick(locale: Locale, value: { ja?: string | null; en?: string | null }): string {
  const first = locale === 'en' ? value.en : value.ja;
  const second = locale === 'en' ? value.ja : value.en;
  return (first?.trim() ? first : second) ?? '';
}
