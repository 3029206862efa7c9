import type { MessageKey, Translate } from '../i18n';
import type { BusinessHours } from './vocabulary';

const WEEKDAYS = [1, 2, 3, 4, 5];

function daysText(days: number[], t: Translate): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return t('team.hours.everyDay');
  if (sorted.length === 5 && WEEKDAYS.every((d) => sorted.includes(d))) return t('weekday.weekdays');
  return sorted.map((d) => t(`weekday.${d}` as MessageKey)).join(t('weekday.separator'));
}

/** "平日 09:00〜18:00（Asia/Tokyo）" / "Mon–Fri 09:00–18:00 (Asia/Tokyo)"; round-the-clock reads "毎日 24時間". */
export function formatBusinessHours(hours: BusinessHours, timeZone: string | undefined, t: Translate): string {
  const days = daysText(hours.days, t);
  if (hours.open === '00:00' && (hours.close === '24:00' || hours.close === '23:59')) {
    return `${days} ${t('team.hours.allDay')}`;
  }
  return t('team.hours.range', { days, open: hours.open, close: hours.close, tz: timeZone ?? 'Asia/Tokyo' });
}

export function formatLanguages(codes: string[], t: Translate): string {
  return codes
    .map((c) => (c === 'ja' || c === 'en' ? t(`language.${c}`) : t('language.other', { code: c })))
    .join(t('weekday.separator'));
}
