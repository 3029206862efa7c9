/** What an export needs besides the team: where the site is, and the reader's language and time zone. */
import { type Locale, type Translate, translator } from '../../i18n';
import { formatDate } from '../../i18n/format';

export interface ExportContext {
  siteUrl: string;
  locale: Locale;
  t: Translate;
  /** The association's display time zone: the calendar day of an instant is the day there. */
  timeZone: string;
  fmtDate: (value: string) => string;
}

export function exportContext(opts: { siteUrl: string; locale: Locale; timeZone: string }): ExportContext {
  return {
    ...opts,
    t: translator(opts.locale),
    fmtDate: (value) => formatDate(value, opts.locale, opts.timeZone),
  };
}
