import { eq } from 'drizzle-orm';
import request from 'supertest';
import { addDays } from '../../src/clock';
import { entryOf } from '../../src/entry/entry';
import { entryValues } from '../../src/entry/entry-form';
import { teamChanges, teams } from '../../src/entry/schema';
import { createTeam, createUser } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { type Agent, csrfFrom, encodeForm, login } from '../helpers/auth';

/** The team's stored entry as the edit form posts it, with changes. */
async function formOf(
  t: Awaited<ReturnType<typeof createTestApp>>,
  teamId: string,
  changes: Record<string, string | string[]>,
) {
  const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, teamId));
  return { values: { ...entryValues(entryOf(row)), ...changes }, version: String(row.version) };
}

describe('editing a team entry', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let team: Awaited<ReturnType<typeof createTeam>>;
  let editor: Agent;
  let other: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    team = await createTeam(
      t.ctx,
      { shortName: 'EDIT-CSIRT', email: 'csirt@edit.example.jp' },
      { confirmedDaysAgo: 300, withKey: false },
    );
    editor = await login(
      t.app,
      (await createUser(t.ctx, { email: 'ed@edit.example.jp', teams: [{ id: team.id, role: 'editor' }] })).email,
    );
    other = await login(
      t.app,
      (await createUser(t.ctx, { email: 'ed2@edit.example.jp', teams: [{ id: team.id, role: 'editor' }] })).email,
    );
  });
  afterAll(() => t.close());

  async function post(agent: Agent, fields: Record<string, string | string[]>) {
    const page = await agent.get('/teams/edit-csirt/edit').expect(200);
    return agent
      .post('/teams/edit-csirt/edit')
      .type('form')
      .send(encodeForm(fields, csrfFrom(page.text)));
  }

  test('when an editor changes the phone and a visibility, then members see the new number, the history records it, and the cycle is not confirmed', async () => {
    const { values, version } = await formOf(t, team.id, { phone: '03 9999 0000', vis_phone: 'public' });
    const res = await post(editor, { ...values, vis_phone: 'public', version });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/teams/edit-csirt/edit?saved=saved');
    const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, team.id));
    expect(row.phone).toBe('+81399990000');
    expect(row.visibility.phone).toBe('public');
    expect(row.confirmedAt?.toISOString()).toBe(addDays(new Date(TEST_NOW), -300).toISOString());
    // Public now: the anonymous API shows it.
    expect((await request(t.app).get('/api/v1/teams/edit-csirt')).body.phone).toBe('+81399990000');
    const [history] = await t.ctx.db.select().from(teamChanges).where(eq(teamChanges.teamId, team.id));
    expect(history.actor).toBe('ed@edit.example.jp');
    expect(history.changes).toEqual(
      expect.arrayContaining([
        { field: 'phone', before: expect.any(String), after: '+81399990000' },
        { field: 'visibility.phone', before: 'members', after: 'public' },
      ]),
    );
    const page = await editor.get('/teams/edit-csirt/history').expect(200);
    expect(page.text).toContain('03-9999-0000'); // shown for the reader (ja), stored in E.164
    expect(page.text).toContain('ed@edit.example.jp');
  });

  test('when "all details are current" is ticked, then the yearly cycle is confirmed too', async () => {
    const { values, version } = await formOf(t, team.id, {});
    const res = await post(editor, { ...values, version, confirmCurrent: 'yes' });
    expect(res.headers.location).toBe('/teams/edit-csirt/edit?saved=confirmed');
    const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, team.id));
    expect(row.confirmedAt?.toISOString()).toBe(TEST_NOW);
    expect(row.confirmedBy).toBe('ed@edit.example.jp');
  });

  test('when two editors save from the same version, then the second gets 409 with both values and loses nothing', async () => {
    const first = await formOf(t, team.id, { website: 'https://first.edit.example.jp/' });
    const second = { ...first.values, website: 'https://second.edit.example.jp/' };
    expect((await post(editor, { ...first.values, version: first.version })).status).toBe(303);
    const conflict = await post(other, { ...second, version: first.version });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('他の人が先にこのチームの登録内容を保存しました。');
    expect(conflict.text).toContain('https://first.edit.example.jp/');
    expect(conflict.text).toContain('value="https://second.edit.example.jp/"');
    const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, team.id));
    expect(row.website).toBe('https://first.edit.example.jp/');
    // Saving the merged form again (it carries the new version) goes through.
    const newVersion = /name="version" value="(\d+)"/.exec(conflict.text)![1];
    expect((await post(other, { ...second, version: newVersion })).status).toBe(303);
  });

  test('when values are invalid, then 422 shows each message, keeps the values and changes nothing', async () => {
    const { values, version } = await formOf(t, team.id, {
      email: 'nope',
      timeZone: 'Mars/Olympus',
      website: 'ftp://x',
      emergencyPhone: '12',
    });
    const res = await post(editor, { ...values, version });
    expect(res.status).toBe(422);
    for (const message of [
      'チームのメールアドレスを正しい形式で入力してください。',
      'タイムゾーンは Asia/Tokyo のような IANA の名前で入力してください。',
      'Web サイトは http:// または https:// で始まる URL で入力してください。',
      '電話番号は 03-1234-5678 のような国内形式か',
    ]) {
      expect(res.text).toContain(message);
    }
    expect(res.text).toContain('value="Mars/Olympus"');
    const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, team.id));
    expect(row.email).toBe('csirt@edit.example.jp');
  });

  test('when a visibility outside the field rule is posted, then it is not taken (email cannot be hidden from members)', async () => {
    const { values, version } = await formOf(t, team.id, {});
    await post(editor, { ...values, version, vis_email: 'secretariat' });
    const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, team.id));
    expect(row.visibility.email).toBeUndefined();
  });

  test('when an editor opts in to encrypted mail on the keys page and out again, then the team setting follows', async () => {
    const page = await editor.get('/teams/edit-csirt/keys').expect(200);
    expect(page.text).toContain('チームのアドレスへのメールを暗号化する');
    const toggle = (encrypt?: string) =>
      editor
        .post('/teams/edit-csirt/mail-encryption')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), ...(encrypt ? { encrypt } : {}) })
        .expect(303);
    await toggle('yes');
    expect((await t.ctx.db.select().from(teams).where(eq(teams.id, team.id)))[0].encryptMail).toBe(true);
    await toggle();
    expect((await t.ctx.db.select().from(teams).where(eq(teams.id, team.id)))[0].encryptMail).toBe(false);
  });

  test('when a member of the team or an editor of another team tries, then 403', async () => {
    const stranger = await createTeam(t.ctx, { shortName: 'STRANGER-CSIRT' }, { withKey: false });
    const foreign = await login(
      t.app,
      (await createUser(t.ctx, { teams: [{ id: stranger.id, role: 'editor' }] })).email,
    );
    await foreign.get('/teams/edit-csirt/edit').expect(403);
    await foreign.get('/teams/edit-csirt/history').expect(403);
    const member = await login(t.app, (await createUser(t.ctx, { teams: [{ id: team.id, role: 'member' }] })).email);
    await member.get('/teams/edit-csirt/edit').expect(403);
  });

  test('when the editor opens the form, then phones read as the editor writes them, stored in E.164 all the same', async () => {
    const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, team.id));
    expect(row.phone).toMatch(/^\+81\d+$/);
    const ja = await editor.get(`/teams/${team.slug}/edit?lang=ja`).expect(200);
    expect(ja.text).toMatch(/name="phone"[^>]*value="0\d{1,4}-\d{1,4}-\d{4}"/);
    const en = await editor.get(`/teams/${team.slug}/edit?lang=en`).expect(200);
    expect(en.text).toMatch(/name="phone"[^>]*value="\+81 \d{1,4}-\d{1,4}-\d{4}"/);
  });
});
