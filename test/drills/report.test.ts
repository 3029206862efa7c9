/**
 * What the drills tell the secretariat and the members, over the demo data (which seeds a year of drills): the
 * distribution of answer times on the freshness view equals the one computed from the rows, the failed and the
 * teams that cannot be checked are listed, /stats charts answer times by month (never a month of a handful of
 * answers), and each team page shows its last result to members only.
 */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { seedDemoDrills, seedDemoTeams } from '../../seeds';
import { loadSessionUser, type SessionUser } from '../../src/accounts/session-user';
import { MIN_ANSWERS_PER_MONTH, reachabilityReport } from '../../src/drills/reachability-report';
import { lastResultsByTeam } from '../../src/drills/results';
import { drills } from '../../src/drills/schema';
import { teams } from '../../src/entry/schema';
import { createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { login } from '../helpers/auth';

/** percentile_cont: linear between the two nearest ranks. */
function percentile(sorted: number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

describe('drill results for the secretariat and the members', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let staff: SessionUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { DRILLS_PER_YEAR: '2' } });
    await seedDemoTeams(t.ctx);
    expect(await seedDemoDrills(t.ctx)).toBeGreaterThan(0);
    expect(await seedDemoDrills(t.ctx)).toBe(0); // seeded once
    const user = await createUser(t.ctx, { email: 'staff@report.example', secretariat: true });
    staff = (await loadSessionUser(t.ctx.db, user.id)) as SessionUser;
    const [team] = await t.ctx.db.select({ id: teams.id }).from(teams).limit(1);
    await createUser(t.ctx, { email: 'member@report.example', teams: [{ id: team.id, role: 'member' }] });
  });
  afterAll(() => t.close());

  test('when the freshness view is read, then median and p90 are those of the answered drills, and failures and unkeyed teams are listed', async () => {
    const since = t.ctx.clock.now().getTime() - 365 * 86_400_000;
    const rows = (await t.ctx.db.select().from(drills)).filter((r) => r.plannedAt.getTime() >= since);
    const answered = rows
      .filter((r) => r.state === 'answered')
      .map((r) => r.answerBusinessMs ?? 0)
      .sort((a, b) => a - b);
    const report = await reachabilityReport(t.ctx, staff);
    expect(report.totals.answered).toBe(answered.length);
    expect(report.totals.sent).toBe(rows.filter((r) => r.sentAt).length);
    expect(report.totals.failed).toBe(rows.filter((r) => r.state === 'failed').length);
    expect(report.totals.answeredLate).toBeGreaterThan(0);
    expect(report.medianHours).toBe(hours(percentile(answered, 0.5)));
    expect(report.p90Hours).toBe(hours(percentile(answered, 0.9)));

    const all = await t.ctx.db.select({ id: teams.id, slug: teams.slug }).from(teams);
    const last = await lastResultsByTeam(
      t.ctx.db,
      all.map((a) => a.id),
    );
    const failedSlugs = all.filter((a) => last.get(a.id)?.outcome === 'failed').map((a) => a.slug);
    expect(failedSlugs.length).toBeGreaterThan(0);
    expect(report.failing.map((f) => f.slug).sort()).toEqual(failedSlugs.sort());
    const noKey = all.filter((a) => last.get(a.id)?.outcome === 'no_key').map((a) => a.slug);
    expect(noKey.length).toBeGreaterThan(0);
    for (const slug of noKey) expect(report.cannotDrill.map((c) => c.slug)).toContain(slug);

    const agent = await login(t.app, 'staff@report.example');
    const en = await agent.get('/admin/freshness?lang=en').expect(200);
    expect(en.text).toContain('Point of Contact reachability');
    expect(en.text).toContain(`${report.medianHours} h`);
    expect(en.text).toContain(`data-team="${failedSlugs[0]}" data-state="failed"`);
    const ja = await agent.get('/admin/freshness?lang=ja').expect(200);
    expect(ja.text).toContain('回答時間の中央値');
    expect(ja.text).toContain(`${report.p90Hours} 時間`);
    expect(ja.text).toContain('疎通確認できないチーム');
    const campaigns = await agent.get('/admin/drills?lang=en').expect(200);
    expect(campaigns.text).toContain('疎通確認訓練 / Communication check');
  });

  test('when /stats is read, then answer times are charted by month, and a month with fewer than five answers is not', async () => {
    const since = t.ctx.clock.now().getTime() - 365 * 86_400_000;
    const rows = (await t.ctx.db.select().from(drills)).filter(
      (r) => r.state === 'answered' && (r.answeredAt?.getTime() ?? 0) >= since,
    );
    const byMonth = new Map<string, number>();
    for (const r of rows) {
      const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit' })
        .format(r.answeredAt ?? new Date())
        .slice(0, 7);
      byMonth.set(month, (byMonth.get(month) ?? 0) + 1);
    }
    // One lone answer in a month of its own.
    const [lonely] = await t.ctx.db.select({ id: teams.id }).from(teams).limit(1);
    await t.ctx.db.insert(drills).values({
      teamId: lonely.id,
      cycle: 'campaign:lonely',
      plannedAt: new Date('2026-05-12T01:00:00Z'),
      sentAt: new Date('2026-05-12T01:00:00Z'),
      state: 'answered',
      answeredAt: new Date('2026-05-12T02:00:00Z'),
      answerBusinessMs: 3_600_000,
    });
    const page = await request(t.app).get('/stats?lang=en').expect(200);
    expect(page.text).toContain('Reachability check answer times');
    const shown = [...byMonth].filter(([, n]) => n >= MIN_ANSWERS_PER_MONTH).map(([m]) => m);
    expect(shown.length).toBeGreaterThan(0);
    for (const month of shown) expect(page.text).toContain(`<th>${month}</th>`);
    if (!byMonth.has('2026-05')) expect(page.text).not.toContain('<th>2026-05</th>');
    const ja = await request(t.app).get('/stats?lang=ja').expect(200);
    expect(ja.text).toContain('疎通確認の回答時間');
  });

  test('when a team page is opened, then a member sees the last result and an anonymous visitor does not', async () => {
    const all = await t.ctx.db.select({ id: teams.id, slug: teams.slug }).from(teams);
    const last = await lastResultsByTeam(
      t.ctx.db,
      all.map((a) => a.id),
    );
    const failed = all.find((a) => last.get(a.id)?.outcome === 'failed');
    const fast = all.find((a) => last.get(a.id)?.outcome === 'answered' && !last.get(a.id)?.answeredLate);
    const member = await login(t.app, 'member@report.example');
    const failedPage = await member.get(`/teams/${failed?.slug}?lang=en`).expect(200);
    expect(failedPage.text).toMatch(/class="drill-result drill-bad"[^>]*>PoC test [^<:]+: no answer</);
    const fastPage = await member.get(`/teams/${fast?.slug}?lang=ja`).expect(200);
    expect(fastPage.text).toMatch(/class="drill-result drill-ok"[^>]*>疎通確認 [^<:]+: \d/);
    const anonymous = await request(t.app).get(`/teams/${failed?.slug}?lang=en`).expect(200);
    expect(anonymous.text).not.toContain('PoC test');
    const [drill] = await t.ctx.db
      .select()
      .from(drills)
      .where(eq(drills.teamId, failed?.id ?? ''))
      .limit(1);
    expect(drill).toBeDefined();
  });
});
