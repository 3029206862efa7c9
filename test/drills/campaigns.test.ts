/**
 * Campaigns: the secretariat checks 500 synthetic teams (and three real ones whose mail the test decrypts) at once.
 * Each team gets exactly one drill and one mail, teams without a proven key are "not sent", answers, lates and
 * failures land in the campaign's columns, a filter chooses only its teams, and an empty choice keeps nothing.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import request from 'supertest';
import { seedSyntheticTeams } from '../../seeds/synthetic';
import type { SessionUser } from '../../src/accounts/session-user';
import { loadSessionUser } from '../../src/accounts/session-user';
import { auditLog } from '../../src/audit/schema';
import { answerDrill } from '../../src/drills/answer';
import { campaignReport, listCampaigns, startCampaign } from '../../src/drills/campaigns';
import { runDrills } from '../../src/drills/run';
import { runDrillsSoon } from '../../src/drills/scheduler';
import { drillCampaigns, drills } from '../../src/drills/schema';
import { teams } from '../../src/entry/schema';
import { teamKeys } from '../../src/keys/schema';
import { outbox } from '../../src/mail/schema';
import { decryptWith } from '../../src/pgp';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfOf, login } from '../helpers/auth';

const HOUR = 60 * 60_000;
const SYNTHETIC = 500;
const WITHOUT_KEY = 25;

describe('a reachability campaign over 500 teams', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let staff: SessionUser;
  const actor = { userId: null, label: 'staff@campaign.example' };
  const real: Awaited<ReturnType<typeof createTeam>>[] = [];

  async function codeOf(team: (typeof real)[number], drillId: string) {
    const [drill] = await t.ctx.db.select().from(drills).where(eq(drills.id, drillId));
    const [mail] = await t.ctx.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, drill.outboxId ?? ''));
    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(mail.textBody)?.[0] ?? '';
    const text = await decryptWith(team.privateKey ?? '', armored);
    return /([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec(text)?.[1] ?? '';
  }

  beforeAll(async () => {
    // Regular drills off: only the campaign sends anything here.
    t = await createTestApp({ env: { DRILLS_PER_YEAR: '0', DRILL_WINDOW_HOURS: '24' } });
    t.ctx.clock.set('2026-11-16T01:00:00Z'); // a Monday, 10:00 in Tokyo
    await seedSyntheticTeams(t.ctx, SYNTHETIC, { withKeys: true });
    // Their keys proven, except the first few teams' (those cannot be drilled).
    const unproven = await t.ctx.db.select({ id: teams.id }).from(teams).orderBy(teams.slug).limit(WITHOUT_KEY);
    await t.ctx.db
      .update(teamKeys)
      .set({ verifiedAt: t.ctx.clock.now() })
      .where(
        sql`${teamKeys.teamId} not in (${sql.join(
          unproven.map((u) => sql`${u.id}`),
          sql`, `,
        )})`,
      );
    for (const [shortName, region] of [
      ['KANTO-A-CSIRT', 'kanto'],
      ['KANTO-B-CSIRT', 'kanto'],
      ['KYUSHU-A-CSIRT', 'kyushu_okinawa'],
    ] as const) {
      real.push(await createTeam(t.ctx, { shortName, region }, { keyVerified: true }));
    }
    const user = await createUser(t.ctx, { email: 'staff@campaign.example', secretariat: true });
    staff = (await loadSessionUser(t.ctx.db, user.id)) as SessionUser;
  });
  afterAll(() => t.close());

  test('when a campaign for all teams is started and run, then every team gets one drill and one mail, and the columns add up', async () => {
    const all = SYNTHETIC + real.length;
    const id = await startCampaign(t.ctx, staff, actor, { title: '2026 年度 第 2 回 疎通確認' });
    const [campaign] = await t.ctx.db.select().from(drillCampaigns).where(eq(drillCampaigns.id, id));
    expect(campaign.teamCount).toBe(all);
    const [started] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'drill.campaign_started'));
    expect(started.details).toMatchObject({ campaignId: id, teams: all });

    const first = await runDrills(t.ctx, { now: t.ctx.clock.now() });
    expect(first).toMatchObject({ sent: all - WITHOUT_KEY, cannotDrill: WITHOUT_KEY });
    // A second run, and a run joined by the background one, send nothing more.
    expect((await runDrills(t.ctx, { now: t.ctx.clock.now() })).sent).toBe(0);
    await runDrillsSoon(t.ctx);

    const mine = await t.ctx.db.select().from(drills).where(eq(drills.campaignId, id));
    expect(mine).toHaveLength(all);
    expect(new Set(mine.map((d) => d.teamId)).size).toBe(all);
    const mails = await t.ctx.db
      .select({ id: outbox.id, to: outbox.toAddresses, template: outbox.template })
      .from(outbox)
      .where(
        inArray(
          outbox.id,
          mine.flatMap((d) => (d.outboxId ? [d.outboxId] : [])),
        ),
      );
    expect(mails).toHaveLength(all - WITHOUT_KEY);
    const [{ n: drillMails }] = await t.ctx.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(outbox)
      .where(eq(outbox.template, 'drill'));
    expect(drillMails).toBe(all - WITHOUT_KEY);
    const sentTo = new Map(mine.map((d) => [d.outboxId, d.sentTo]));
    for (const m of mails) expect(m.to).toEqual([sentTo.get(m.id)]);

    // Two real teams answer; the third does not.
    for (const team of real.slice(0, 2)) {
      const drill = mine.find((d) => d.teamId === team.id);
      t.ctx.clock.set(new Date(t.ctx.clock.now().getTime() + HOUR));
      const outcome = await answerDrill(t.ctx, {
        drillId: drill?.id ?? '',
        code: await codeOf(team, drill?.id ?? ''),
        via: 'link',
        by: 'link',
        ip: null,
      });
      expect(outcome.kind).toBe('answered');
    }
    let report = await campaignReport(t.ctx, staff, id);
    expect(report.campaign.counts).toEqual({
      answered: 2,
      waiting: all - WITHOUT_KEY - 2,
      late: 0,
      failed: 0,
      no_key: WITHOUT_KEY,
    });
    expect(report.campaign.finished).toBe(false);
    // What needs attention comes first: the teams that could not be sent to, then the ones waiting.
    expect(report.teams[0]?.column).toBe('no_key');
    expect(report.teams.at(-1)?.column).toBe('answered');

    // Friday next week: 24 business hours (three Tokyo days of nine hours) have passed, the rest are late; a week
    // later twice the window has, and they have failed.
    await runDrills(t.ctx, { now: new Date('2026-11-20T09:00:00Z') });
    report = await campaignReport(t.ctx, staff, id);
    expect(report.campaign.counts.late + report.campaign.counts.failed).toBe(all - WITHOUT_KEY - 2);
    await runDrills(t.ctx, { now: new Date('2026-11-30T09:00:00Z') });
    report = await campaignReport(t.ctx, staff, id);
    expect(report.campaign.counts).toEqual({
      answered: 2,
      waiting: 0,
      late: 0,
      failed: all - WITHOUT_KEY - 2,
      no_key: WITHOUT_KEY,
    });
    expect(report.campaign.finished).toBe(true);
    // The secretariat is told of every failure, a page of them to a mail — not hundreds of mails.
    const notices = await t.ctx.db.select().from(outbox).where(eq(outbox.template, 'drill-failed'));
    expect(notices.length).toBeLessThanOrEqual(6);
    const named = notices.reduce((n, m) => n + (m.textBody.match(/^- \S+ <\S+@\S+>/gm)?.length ?? 1), 0);
    expect(named).toBe(all - WITHOUT_KEY - 2);
    expect(notices[0]?.toAddresses).toEqual(['staff@campaign.example']);
    const listed = await listCampaigns(t.ctx, staff);
    expect(listed.find((c) => c.id === id)?.counts.answered).toBe(2);
  });

  test('when a campaign for one region is started, then only that region’s active teams are in it', async () => {
    const id = await startCampaign(t.ctx, staff, actor, { title: 'Kanto', region: 'kanto' });
    const inCampaign = await t.ctx.db
      .select({ region: teams.region })
      .from(drills)
      .innerJoin(teams, eq(teams.id, drills.teamId))
      .where(eq(drills.campaignId, id));
    const [{ n: kanto }] = await t.ctx.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(teams)
      .where(and(eq(teams.status, 'active'), eq(teams.region, 'kanto')));
    expect(inCampaign.length).toBe(kanto);
    expect(inCampaign.length).toBeGreaterThan(2);
    expect(new Set(inCampaign.map((r) => r.region))).toEqual(new Set(['kanto']));
  });

  test('when the secretariat starts a campaign on the page, then it is sent at once and the page shows it; an empty choice is refused and keeps nothing', async () => {
    await t.ctx.db.update(teams).set({ status: 'suspended' }).where(eq(teams.region, 'shikoku'));
    const agent = await login(t.app, 'staff@campaign.example');
    const before = await t.ctx.db.select({ id: drillCampaigns.id }).from(drillCampaigns);
    const empty = await agent
      .post('/admin/drills?lang=en')
      .type('form')
      .send({ _csrf: await csrfOf(agent, '/admin/drills'), title: 'Nobody', region: 'shikoku' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('No active team matches.');
    expect(empty.text).toContain('value="Nobody"');
    expect(await t.ctx.db.select({ id: drillCampaigns.id }).from(drillCampaigns)).toHaveLength(before.length);

    const bad = await agent
      .post('/admin/drills?lang=ja')
      .type('form')
      .send({ _csrf: await csrfOf(agent, '/admin/drills'), title: '', region: 'atlantis' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('キャンペーン名を 1〜200 文字で入力してください。');

    const started = await agent
      .post('/admin/drills?lang=en')
      .type('form')
      .send({ _csrf: await csrfOf(agent, '/admin/drills'), title: 'Kyushu check', region: 'kyushu_okinawa' });
    expect(started.status).toBe(303);
    const path = started.headers.location;
    expect(path).toMatch(/^\/admin\/drills\/[0-9a-f-]{36}$/);
    await runDrillsSoon(t.ctx); // the run the POST started in the background
    const page = await agent.get(`${path}?lang=en`).expect(200);
    expect(page.text).toContain('Reachability check: Kyushu check');
    expect(page.text).toContain('data-live-refresh="15"');
    expect(page.text).toContain('KYUSHU-A-CSIRT');
    const id = path.split('/').at(-1) ?? '';
    const sent = await t.ctx.db
      .select({ id: drills.id })
      .from(drills)
      .where(and(eq(drills.campaignId, id), isNotNull(drills.sentAt)));
    expect(sent.length).toBeGreaterThan(0);
    const ja = await agent.get(`${path}?lang=ja`).expect(200);
    expect(ja.text).toContain('疎通確認: Kyushu check');
    expect(ja.text).toContain('回答待ち');

    await request(t.app).get(path).expect(302);
    await agent.get('/admin/drills/00000000-0000-4000-8000-000000000000?lang=en').expect(404);
  });
});
