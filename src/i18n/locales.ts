/** The page languages, and the parameters a message takes. */
export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ja';

export type Params = Record<string, string | number>;
