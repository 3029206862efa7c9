import type { Locale, Translate } from '../i18n';

declare global {
  namespace Express {
    interface Locals {
      locale: Locale;
      t: Translate;
    }
  }
}
