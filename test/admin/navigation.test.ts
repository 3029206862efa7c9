/**
 * Getting around: where each user lands after logging in, the header's link to one's own team (or teams), and
 * distinct names for the public application form and the secretariat's review queue.
 */
import request from 'supertest';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfOf, login, TEST_PASSWORD } from '../helpers/auth';

describe('getting around', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let one: Awaited<ReturnType<typeof createTeam>>;
  let two: Awaited<ReturnType<typeof createTeam>>;

  beforeAll(async () => {
    t = await createTestApp();
    one = await createTeam(t.ctx, { shortName: 'ONE-CSIRT' }, { withKey: false });
    two = await createTeam(t.ctx, { shortName: 'TWO-CSIRT' }, { withKey: false });
    await createUser(t.ctx, { email: 'staff@nav.example', secretariat: true });
    await createUser(t.ctx, { email: 'single@nav.example', teams: [{ id: one.id, role: 'editor' }] });
    await createUser(t.ctx, {
      email: 'double@nav.example',
      teams: [
        { id: one.id, role: 'member' },
        { id: two.id, role: 'editor' },
      ],
    });
  });
  afterAll(() => t.close());

  async function landing(email: string, next?: string): Promise<string> {
    const agent = request.agent(t.app);
    const csrf = await csrfOf(agent, '/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email, password: TEST_PASSWORD, _csrf: csrf, ...(next ? { next } : {}) });
    expect(res.status).toBe(302);
    return res.headers.location;
  }

  test('when the secretariat logs in, then it lands on its area unless next says otherwise; others land on the directory', async () => {
    expect(await landing('staff@nav.example')).toBe('/admin');
    expect(await landing('staff@nav.example', '/teams/one-csirt')).toBe('/teams/one-csirt');
    expect(await landing('single@nav.example')).toBe('/');
    expect(await landing('double@nav.example', '/stats')).toBe('/stats');
    // Already logged in, /login sends them on the same way.
    const staff = await login(t.app, 'staff@nav.example');
    expect((await staff.get('/login')).headers.location).toBe('/admin');
  });

  test('when a user of one team opens any page, then the header links to their team; a user of two gets a list', async () => {
    const single = await login(t.app, 'single@nav.example');
    const page = await single.get('/stats?lang=en').expect(200);
    expect(page.text).toContain('<a href="/teams/one-csirt" class="my-team">My team: ONE-CSIRT</a>');
    const double = await login(t.app, 'double@nav.example');
    const list = await double.get('/stats').expect(200);
    const menu = /<details class="my-teams">([\s\S]*?)<\/details>/.exec(list.text)?.[1] ?? '';
    expect(menu).toContain('<summary>自分のチーム（2）</summary>');
    expect([...menu.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      '/teams/one-csirt ONE-CSIRT',
      '/teams/two-csirt TWO-CSIRT',
    ]);
    const anonymous = await request(t.app).get('/stats').expect(200);
    expect(anonymous.text).not.toContain('my-team');
  });

  test('when the secretariat reads its menu, then the review queue is not called like the public application form', async () => {
    const staff = await login(t.app, 'staff@nav.example');
    for (const [lang, form, queue] of [
      ['ja', '加盟申請', '申請審査'],
      ['en', 'Apply', 'Application review'],
    ]) {
      const page = await staff.get(`/admin/applications?lang=${lang}`).expect(200);
      expect(page.text).toContain(`<a href="/apply">${form}</a>`);
      expect(page.text).toContain(`<h1>${queue}</h1>`);
      expect(page.text).toMatch(new RegExp(`<a href="/admin/applications" aria-current="page">${queue}</a>`));
      expect(form).not.toBe(queue);
    }
  });
});
