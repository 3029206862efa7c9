/**
 * What every export says about an entry's freshness. The team page shows a stale entry as "unconfirmed since …"
 * and an overdue one as "confirmed on … · confirmation overdue"; a file that leaves the site must say the same,
 * because the reader of a vCard or a spreadsheet never sees the page. Everything here is derived from stored
 * instants (the last confirmation, the due date), so the statement reads the same whenever it is fetched.
 */
import { dayIn } from '../../clock';
import type { Translate } from '../../i18n';
import type { TeamView } from '../presenter';

type Freshness = TeamView['freshness'];

/** A stored instant as the calendar day in the association's time zone (YYYY-MM-DD). */
export function isoDay(value: string | null, timeZone: string): string | null {
  return value ? dayIn(timeZone, new Date(value)) : null;
}

/**
 * For the English text formats (RFC 2350, security.txt): null while the entry is current or due, else one
 * sentence that starts with the words a reader scans for.
 */
export function freshnessWarningEn(f: Freshness, timeZone: string): string | null {
  const due = isoDay(f.dueAt, timeZone);
  if (f.state === 'stale') {
    const since = isoDay(f.unconfirmedSince, timeZone);
    return `UNCONFIRMED since ${since}: the team has not confirmed this entry since then (its yearly confirmation was due on ${due}); the information may be out of date.`;
  }
  if (f.state === 'overdue') {
    const last = isoDay(f.confirmedAt, timeZone);
    return `CONFIRMATION OVERDUE: the entry was due for its yearly confirmation on ${due}${last ? ` and was last confirmed on ${last}` : ''}.`;
  }
  return null;
}

/**
 * The same words as the page's freshness badge, in the reader's language: "Unconfirmed since 1 Oct 2025",
 * "Confirmed on 1 Oct 2024 · Confirmation overdue", "Confirmed on 3 Mar 2026".
 */
export function freshnessLabel(f: Freshness, t: Translate, fmtDate: (value: string) => string): string {
  if (f.state === 'stale') {
    return f.unconfirmedSince
      ? t('freshness.unconfirmedSince', { date: fmtDate(f.unconfirmedSince) })
      : t('freshness.never');
  }
  if (!f.confirmedAt) return t('freshness.never');
  const confirmed = t('freshness.confirmedOn', { date: fmtDate(f.confirmedAt) });
  return f.state === 'current' ? confirmed : `${confirmed} · ${t(`freshness.${f.state}` as 'freshness.due')}`;
}

/** The label, only where it warns (stale or overdue): vCard notes lead with it. */
export function freshnessWarning(f: Freshness, t: Translate, fmtDate: (value: string) => string): string | null {
  return f.state === 'stale' || f.state === 'overdue' ? freshnessLabel(f, t, fmtDate) : null;
}
