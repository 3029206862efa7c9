/** GET /stats — the association in numbers, with charts drawn by Chart.js served from this site. */

import type { AppContext } from '../context';
import { answerTimesByMonth, MIN_ANSWERS_PER_MONTH } from '../drills/reachability-report';
import { FRESHNESS_STATES } from '../entry/freshness';
import type { GuardedRouter } from '../http/access';
import { renderPage } from '../http/render';
import { isMessageKey } from '../i18n';
import { statistics } from './service';

export function registerStatsRoutes(ctx: AppContext, r: GuardedRouter): void {
  r.get('/stats', 'public', async (_req, res) => {
    const t = res.locals.t;
    // Regions and industries come from the data: a code the catalogue does not know is shown as it is.
    const label = (key: string) => (isMessageKey(key) ? t(key) : key.slice(key.indexOf('.') + 1));
    const [s, answerTimes] = await Promise.all([statistics(ctx), answerTimesByMonth(ctx)]);
    // Chart data travels in data attributes (escaped by the view); no inline script, so the strict CSP holds.
    const charts = {
      region: {
        type: 'bar',
        labels: s.byRegion.map((r) => label(`region.${r.key}`)),
        datasets: [{ label: t('stats.teams'), data: s.byRegion.map((r) => r.n) }],
      },
      industry: {
        type: 'bar',
        horizontal: true,
        labels: s.byIndustry.map((r) => label(`industry.${r.key}`)),
        datasets: [{ label: t('stats.teams'), data: s.byIndustry.map((r) => r.n) }],
      },
      years: {
        type: 'bar',
        labels: s.years.map((y) => String(y.year)),
        datasets: [
          { label: t('stats.founded'), data: s.years.map((y) => y.founded) },
          { label: t('stats.joined'), data: s.years.map((y) => y.joined) },
        ],
      },
      freshness: {
        type: 'line',
        stacked: true,
        labels: s.freshness.map((f) => f.day),
        datasets: FRESHNESS_STATES.map((k) => ({
          label: t(`freshness.${k}`),
          data: s.freshness.map((f) => f[k]),
        })),
      },
      // Hours, not teams: the value axis takes fractions.
      answerTimes: {
        type: 'line',
        unit: 'hours',
        hint: t('stats.answerTimesHint', { min: MIN_ANSWERS_PER_MONTH }),
        empty: t('stats.answerTimesNone'),
        labels: answerTimes.map((m) => m.month),
        datasets: [
          { label: t('stats.medianHours'), data: answerTimes.map((m) => m.medianHours) },
          { label: t('stats.p90Hours'), data: answerTimes.map((m) => m.p90Hours) },
        ],
      },
    };
    await renderPage(res, 'stats/index', { title: t('stats.title'), stats: s, charts });
  });
}
