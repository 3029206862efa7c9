/**
 * A new password shuts out whoever knew the old one: every other session ends, and every reset link still
 * outstanding stops working — after a change in the settings and after a reset by mail alike.
 */
import request from 'supertest';
import { mailsOf } from '../admission/helpers';
import { createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfOf, login, postForm, TEST_PASSWORD } from '../helpers/auth';

const signedIn = async (agent: Agent) => (await agent.get('/account')).status === 200;

describe('a new password revokes the old credentials', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function requestReset(email: string): Promise<string> {
    const agent = request.agent(t.app);
    const csrf = await csrfOf(agent, '/password/forgot');
    await agent.post('/password/forgot').type('form').send({ _csrf: csrf, email }).expect(200);
    const [mail] = await mailsOf(t.ctx, 'password-reset', email);
    return /http:\/\/registry\.test(\/password\/reset\/[\w-]+)/.exec(mail.textBody)![1];
  }

  test('when the password is changed in the settings, then other sessions and outstanding reset links end, this session stays', async () => {
    const user = await createUser(t.ctx, { email: 'change@revoke.example.jp' });
    const here = await login(t.app, user.email);
    const elsewhere = await login(t.app, user.email);
    const link = await requestReset(user.email);
    const res = await postForm(here, '/account/password', {
      current: TEST_PASSWORD,
      password: 'a brand new passphrase 2026',
      confirm: 'a brand new passphrase 2026',
    });
    expect(res.status).toBe(200);
    expect(await signedIn(here)).toBe(true);
    expect(await signedIn(elsewhere)).toBe(false);
    const page = await request(t.app).get(link);
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.text).not.toContain('name="password"');
  });

  test('when a reset link is used, then every other session and every other reset link end', async () => {
    const user = await createUser(t.ctx, { email: 'reset@revoke.example.jp' });
    const session = await login(t.app, user.email);
    const first = await requestReset(user.email);
    const second = await requestReset(user.email);
    const agent = request.agent(t.app);
    const form = await agent.get(second).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    await agent
      .post(second)
      .type('form')
      .send({ _csrf: csrf, password: 'another new passphrase 1', confirm: 'another new passphrase 1' })
      .expect(302);
    expect(await signedIn(session)).toBe(false);
    const old = await request(t.app).get(first);
    expect(old.status).toBeGreaterThanOrEqual(400);
    expect(old.text).not.toContain('name="password"');
    await login(t.app, user.email, 'another new passphrase 1');
  });
});
