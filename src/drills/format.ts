/** How a drill's answer time reads: "2 h 14 min" / "2時間14分", counted in the team's business hours. */
import type { Translate } from '../i18n';

export function formatBusinessDuration(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t('drill.duration.minutes', { minutes: rest });
  return t('drill.duration.hoursMinutes', { hours, minutes: rest });
}
