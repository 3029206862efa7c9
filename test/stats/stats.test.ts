import request from 'supertest';
import { addDays } from '../../src/clock';
import { scheduledRun } from '../../src/reminders/scheduler';
import { freshnessSnapshots } from '../../src/stats/schema';
import { createTeam } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';

describe('statistics', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    await createTeam(
      t.ctx,
      {
        shortName: 'STAT-A',
        region: 'kanto',
        industry: 'manufacturing',
        foundedOn: '2015-04-01',
        memberSince: '2018-06-01',
      },
      { withKey: false, confirmedDaysAgo: 10 },
    );
    await createTeam(
      t.ctx,
      {
        shortName: 'STAT-B',
        region: 'kanto',
        industry: 'finance_insurance',
        foundedOn: '2018-01-01',
        memberSince: '2019-01-01',
      },
      { withKey: false, confirmedDaysAgo: 400 },
    );
    await createTeam(
      t.ctx,
      { shortName: 'STAT-C', region: 'kinki', industry: 'manufacturing', foundedOn: null, memberSince: '2019-05-01' },
      { withKey: false, confirmedDaysAgo: 340 },
    );
    await createTeam(t.ctx, { shortName: 'STAT-GONE', region: 'kinki', status: 'withdrawn' }, { withKey: false });
  });
  afterAll(() => t.close());

  test('when /stats is opened, then members by region and industry, founding and joining years and freshness are shown, counting active teams only', async () => {
    const res = await request(t.app).get('/stats').expect(200);
    expect(res.text).toContain('加盟チームは 3 チームです。');
    const chart = (id: string) =>
      JSON.parse(
        /id="chart-(\w+)"[^>]*data-chart="([^"]+)"/g
          .exec(res.text.slice(res.text.indexOf(`id="chart-${id}"`)))![2]
          .replace(/&#34;/g, '"')
          .replace(/&amp;/g, '&'),
      );
    const region = chart('region');
    expect(Object.fromEntries(region.labels.map((l: string, i: number) => [l, region.datasets[0].data[i]]))).toEqual({
      関東: 2,
      近畿: 1,
    });
    const years = chart('years');
    const row = (y: string) => years.datasets.map((d: { data: number[] }) => d.data[years.labels.indexOf(y)]);
    expect(row('2015')).toEqual([1, 0]);
    expect(row('2019')).toEqual([0, 2]);
    const freshness = chart('freshness');
    expect(freshness.labels.at(-1)).toBe('2026-11-22');
    expect(freshness.datasets.map((d: { data: number[] }) => d.data.at(-1))).toEqual([1, 1, 0, 1]);
    expect(res.text).toContain('<script src="/js/vendor/chart.umd.min.js" defer></script>');
    const lib = await request(t.app).get('/js/vendor/chart.umd.min.js').expect(200);
    expect(lib.text).toContain('Chart');
  });

  test("when the daily run runs, then it records the day's freshness snapshot once (a rerun replaces it)", async () => {
    t.ctx.clock.set(addDays(new Date(TEST_NOW), 1));
    await scheduledRun(t.ctx);
    await scheduledRun(t.ctx);
    t.ctx.clock.set(TEST_NOW);
    const rows = await t.ctx.db.select().from(freshnessSnapshots);
    expect(rows).toEqual([{ day: '2026-11-23', current: 1, due: 1, overdue: 0, stale: 1 }]);
  });
});
