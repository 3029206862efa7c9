/** How a drill's answer time reads: "2 h 14 min" / "2時間14分", counted in the team's business hours. */
import type { MessageKey, Translate } from '../i18n';
import type { DrillResult } from './results';

export function formatBusinessDuration(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t('drill.duration.minutes', { minutes: rest });
  return t('drill.duration.hoursMinutes', { hours, minutes: rest });
}

const RESULT_MESSAGES: Record<DrillResult['outcome'], MessageKey> = {
  answered: 'drill.result.answered',
  late: 'drill.result.late',
  failed: 'drill.result.failed',
  no_key: 'drill.result.no_key',
};

/** The team page's line for the last drill, and its tone: a failure is shown as plainly as a stale entry. */
export function drillResultLine(
  result: DrillResult,
  t: Translate,
  fmtDate: (d: string) => string,
): { text: string; tone: 'ok' | 'warn' | 'bad' } {
  const date = fmtDate(result.testedAt);
  const took = formatBusinessDuration((result.answerMinutes ?? 0) * 60_000, t);
  if (result.outcome === 'answered') {
    return result.answeredLate
      ? { text: t('drill.result.answeredLate', { date, took }), tone: 'warn' }
      : { text: t('drill.result.answered', { date, took }), tone: 'ok' };
  }
  return { text: t(RESULT_MESSAGES[result.outcome], { date }), tone: result.outcome === 'late' ? 'warn' : 'bad' };
}
