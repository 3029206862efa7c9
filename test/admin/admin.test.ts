import request from 'supertest';
import { auditLog } from '../../src/audit/schema';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfFrom, login } from '../helpers/auth';

describe("the secretariat's area", () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    await createTeam(t.ctx, { shortName: 'FRESH-CSIRT' }, { withKey: false });
    await createTeam(t.ctx, { shortName: 'STALE-CSIRT' }, { withKey: false, confirmedDaysAgo: 420 });
    await createTeam(t.ctx, { shortName: 'PAUSED-CSIRT', status: 'suspended' }, { withKey: false });
    staff = await login(t.app, (await createUser(t.ctx, { secretariat: true, email: 'staff@test.example' })).email);
  });
  afterAll(() => t.close());

  test('when the dashboard opens, then it counts teams by status and freshness, and users', async () => {
    const res = await staff.get('/admin').expect(200);
    const stat = (name: string) => new RegExp(`data-stat="${name}">(\\d+)<`).exec(res.text)?.[1];
    expect(stat('teams-active')).toBe('2');
    expect(stat('teams-suspended')).toBe('1');
    expect(stat('fresh-current')).toBe('1');
    expect(stat('fresh-stale')).toBe('1');
    expect(stat('users-secretariat')).toBe('1');
  });

  test('when a team is suspended, then it leaves the directory, the change is audited, and it can come back', async () => {
    await request(t.app).get('/api/v1/teams/fresh-csirt').expect(200);
    const list = await staff.get('/admin/teams?q=fresh').expect(200);
    expect(list.text).toContain('FRESH-CSIRT');
    await staff
      .post('/admin/teams/fresh-csirt/status')
      .type('form')
      .send({ status: 'suspended', _csrf: csrfFrom(list.text) })
      .expect(302);
    await request(t.app).get('/api/v1/teams/fresh-csirt').expect(404);
    const audit = await staff.get('/admin/audit?action=team.suspended').expect(200);
    expect(audit.text).toContain('FRESH-CSIRT');
    expect(audit.text).toContain('staff@test.example');

    await staff
      .post('/admin/teams/fresh-csirt/status')
      .type('form')
      .send({ status: 'active', _csrf: csrfFrom(list.text) })
      .expect(302);
    await request(t.app).get('/api/v1/teams/fresh-csirt').expect(200);
  });

  test('when the status is not one of active or suspended, then 422', async () => {
    const list = await staff.get('/admin/teams');
    const res = await staff
      .post('/admin/teams/fresh-csirt/status')
      .type('form')
      .send({ status: 'deleted', _csrf: csrfFrom(list.text) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('状態の指定が正しくありません。');
    const missing = await staff
      .post('/admin/teams/no-such-team/status')
      .type('form')
      .send({ status: 'active', _csrf: csrfFrom(list.text) });
    expect(missing.status).toBe(404);
  });

  test('when a user is added to a team, then they appear with their role and an invitation is kept', async () => {
    const page = await staff.get('/admin/users');
    const res = await staff
      .post('/admin/users')
      .type('form')
      .send({
        email: 'added@test.example',
        name: '追加 太郎',
        team: 'stale-csirt',
        role: 'editor',
        _csrf: csrfFrom(page.text),
      })
      .expect(200);
    expect(res.text).toContain('added@test.example を追加し、招待を送りました。');
    const found = await staff.get('/admin/users?q=added').expect(200);
    expect(found.text).toContain('追加 太郎');
    expect(found.text).toContain('STALE-CSIRT</a> · 編集者');
    const mail = await staff.get('/admin/mail').expect(200);
    expect(mail.text).toContain('added@test.example');
  });

  test('when the invitation form is wrong, then 422 keeps what was typed', async () => {
    const page = await staff.get('/admin/users');
    const bad = await staff
      .post('/admin/users')
      .type('form')
      .send({
        email: 'not-an-address',
        name: '<b>x</b>',
        team: 'stale-csirt',
        role: 'editor',
        _csrf: csrfFrom(page.text),
      });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('メールアドレスの形式が正しくありません。');
    expect(bad.text).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
    const unknownTeam = await staff
      .post('/admin/users')
      .type('form')
      .send({ email: 'who@test.example', team: 'no-such-team', role: 'member', _csrf: csrfFrom(page.text) });
    expect(unknownTeam.status).toBe(422);
    expect(unknownTeam.text).toContain('チームを選んでください。');
  });

  test('when the audit log is filtered, then only matching entries show, and bad filters answer 400', async () => {
    const byActor = await staff.get('/admin/audit?actor=staff%40test&action=login').expect(200);
    expect(byActor.text).toContain('data-action="login.succeeded" title="login.succeeded">ログイン<');
    expect(byActor.text).not.toContain('data-action="team.suspended"');
    const byDate = await staff.get('/admin/audit?from=2030-01-01').expect(200);
    expect(byDate.text).toContain('0 件');
    const bad = await staff.get('/admin/audit?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('日付は YYYY-MM-DD の形式で指定してください。');
    await staff.get('/admin/audit?action=DROP%20TABLE').expect(400);
    await staff.get('/admin/teams?page=0').expect(400);
  });

  test("when a member opens the admin area or another team's users page, then 403 and the refusal is audited", async () => {
    const team = await createTeam(t.ctx, { shortName: 'MINE-CSIRT' }, { withKey: false });
    const member = await createUser(t.ctx, { email: 'nosy@test.example', teams: [{ id: team.id, role: 'editor' }] });
    const agent = await login(t.app, member.email);
    const admin = await agent.get('/admin');
    expect(admin.status).toBe(403);
    expect(admin.text).toContain('この操作を行う権限がありません。');
    await agent.get('/teams/stale-csirt/users').expect(403);
    await agent.get('/teams/mine-csirt/users').expect(200);
    const denied = await t.ctx.db.select().from(auditLog);
    const refusals = denied.filter((e) => e.action === 'access.denied' && e.actor === 'nosy@test.example');
    expect(refusals.map((e) => e.target)).toEqual(['GET /admin', 'GET /teams/stale-csirt/users']);
    expect(refusals[1].details).toEqual({ policy: 'edit-team' });
  });

  test('when an editor removes the last editor of a team, then it is refused', async () => {
    const team = await createTeam(t.ctx, { shortName: 'SOLO-CSIRT' }, { withKey: false });
    const solo = await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] });
    const page = await staff.get('/teams/solo-csirt/users').expect(200);
    const res = await staff
      .post(`/teams/solo-csirt/users/${solo.id}/remove`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(409);
    expect(res.text).toContain('チームには編集者が少なくとも1人必要です。');
  });
});
