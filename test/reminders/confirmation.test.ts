import { eq } from 'drizzle-orm';
import request from 'supertest';
import { addDays } from '../../src/clock';
import { teams } from '../../src/entry/schema';
import { runReminders } from '../../src/reminders/run';
import { acquireLease, releaseLease } from '../../src/reminders/scheduler';
import { reminderLog } from '../../src/reminders/schema';
import { createUser } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { csrfFrom, login } from '../helpers/auth';
import { reminderLink, teamConfirmedDaysAgo } from './helpers';

const START = new Date(TEST_NOW);

describe('confirming an entry', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => t.ctx.clock.set(TEST_NOW));

  async function teamRow(id: string) {
    const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, id));
    return row;
  }

  test('when the team opens the link and presses "still correct", then a new cycle starts and the link is spent', async () => {
    const team = await teamConfirmedDaysAgo(t.ctx, 'LINK-CSIRT', 'link@link.example.jp', 360);
    const link = await reminderLink(t.ctx, 'link@link.example.jp');
    t.ctx.clock.set(addDays(START, 1)); // opened the next day
    const agent = request.agent(t.app);
    const page = await agent.get(link).expect(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain('登録内容の確認: LINK-CSIRT');
    expect(page.text).toContain('この内容で正しい');
    expect(page.text).toContain('link@link.example.jp');

    const done = await agent
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(200);
    expect(done.text).toContain('確認しました。ありがとうございます。次の確認期限は 2027年11月23日 です。');
    const row = await teamRow(team.id);
    expect(row.confirmedAt?.toISOString()).toBe(addDays(START, 1).toISOString());
    expect(row.confirmedBy).toBe('link link@link.example.jp');
    expect(row.confirmationDueAt.toISOString()).toBe(addDays(START, 366).toISOString());

    const reused = await agent
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(reused.status).toBe(410);
    expect(reused.text).toContain('このリンクは使用済みです。');
    // The new cycle has nothing due: the next run sends nothing to the team.
    expect((await runReminders(t.ctx, { now: addDays(START, 2) })).queued).toBe(0);
    const api = await request(t.app).get('/api/v1/teams/link-csirt').expect(200);
    expect(api.body.freshness.state).toBe('current');
  });

  test('when a link is old (expired), unknown, or from a cycle confirmed meanwhile, then the page says so', async () => {
    await teamConfirmedDaysAgo(t.ctx, 'OLD-CSIRT', 'old@old.example.jp', 350);
    const link = await reminderLink(t.ctx, 'old@old.example.jp');
    t.ctx.clock.set(addDays(START, 46));
    const expired = await request(t.app).get(link);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('このリンクは有効期限が切れています。');
    t.ctx.clock.set(TEST_NOW);
    const unknown = await request(t.app).get('/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('このリンクは無効です。');

    const twice = await teamConfirmedDaysAgo(t.ctx, 'TWICE-CSIRT', 'twice@twice.example.jp', 360);
    const first = await reminderLink(t.ctx, 'twice@twice.example.jp');
    await createUser(t.ctx, { email: 'ed@twice.example.jp', teams: [{ id: twice.id, role: 'editor' }] });
    const editor = await login(t.app, 'ed@twice.example.jp');
    const teamPage = await editor.get('/teams/twice-csirt').expect(200);
    expect(teamPage.text).toContain('すべての登録内容が最新であることを確認する');
    await editor
      .post('/teams/twice-csirt/confirm')
      .type('form')
      .send({ _csrf: csrfFrom(teamPage.text) })
      .expect(303);
    const stale = await request(t.app).get(first).expect(200);
    expect(stale.text).toContain('この登録内容は 2026年11月22日 に確認済みです。');
    expect(stale.text).not.toContain('この内容で正しい</button>');
  });

  test('when a member who is not an editor posts the confirm button, then 403 and nothing changes', async () => {
    const team = await teamConfirmedDaysAgo(t.ctx, 'MEMBER-CSIRT', 'm@member.example.jp', 200);
    await createUser(t.ctx, { email: 'plain@member.example.jp', teams: [{ id: team.id, role: 'member' }] });
    const member = await login(t.app, 'plain@member.example.jp');
    const page = await member.get('/teams/member-csirt').expect(200);
    expect(page.text).not.toContain('すべての登録内容が最新であることを確認する');
    await member
      .post('/teams/member-csirt/confirm')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(403);
    expect((await teamRow(team.id)).confirmedAt?.toISOString()).toBe(addDays(START, -200).toISOString());
  });

  test('when the secretariat opens the freshness view, then it sees counts, the overdue teams with their last reminder, and can send one now', async () => {
    const overdue = await teamConfirmedDaysAgo(t.ctx, 'LATE-CSIRT', 'late@late.example.jp', 380);
    await runReminders(t.ctx, { now: START });
    await createUser(t.ctx, { email: 'staff@fresh.example', secretariat: true });
    const staff = await login(t.app, 'staff@fresh.example');
    const page = await staff.get('/admin/freshness').expect(200);
    expect(page.text).toMatch(/data-freshness-count="overdue"[\s\S]*?\d+ チーム（[\d.]+%）/);
    expect(page.text).toContain('LATE-CSIRT');
    expect(page.text).toContain('14日超過（事務局・推薦チームに写し）');
    expect(page.text).toMatch(/次の自動実行: 2026年11月23日 0?9:00/);

    t.ctx.clock.set(new Date(START.getTime() + 3600_000)); // an hour after the run
    await staff
      .post('/admin/freshness/late-csirt/send')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    const manual = await t.ctx.db.select().from(reminderLog).where(eq(reminderLog.stage, 'manual'));
    expect(manual.map((m) => m.teamId)).toEqual([overdue.id]);
    const after = await staff.get('/admin/freshness?sent=LATE-CSIRT').expect(200);
    expect(after.text).toContain('LATE-CSIRT にお知らせを送りました。');
    expect(after.text).toContain('事務局から送信');
    // A manual reminder does not count as a stage: the stages still go out on their days.
    expect((await runReminders(t.ctx, { now: START })).queued).toBe(0);
    await staff
      .post('/admin/freshness/no-such-team/send')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(404);
  });

  test('when two instances want the daily run, then one holds the lease until it is released or runs out', async () => {
    expect(await acquireLease(t.ctx.db, 'test-job', 'one', START)).toBe(true);
    expect(await acquireLease(t.ctx.db, 'test-job', 'two', START)).toBe(false);
    expect(await acquireLease(t.ctx.db, 'test-job', 'two', addDays(START, 1))).toBe(true);
    await releaseLease(t.ctx.db, 'test-job', 'two');
    expect(await acquireLease(t.ctx.db, 'test-job', 'one', START)).toBe(true);
  });
});
