import request from 'supertest';
import { totpCode, totpStep } from '../../src/accounts/totp';
import { createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfFrom, csrfOf, login, TEST_PASSWORD } from '../helpers/auth';

/** Enrols the agent's user through the pages and returns the secret and the recovery codes shown. */
async function enrol(agent: Agent, now: Date): Promise<{ secret: string; codes: string[] }> {
  const start = await agent.get('/account/2fa').expect(200);
  await agent
    .post('/account/2fa/start')
    .type('form')
    .send({ _csrf: csrfFrom(start.text) })
    .expect(302);
  const page = await agent.get('/account/2fa').expect(200);
  expect(page.text).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
  const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(page.text)![1].replace(/ /g, '');
  const confirmed = await agent
    .post('/account/2fa/confirm')
    .type('form')
    .send({ code: totpCode(secret, totpStep(now)), _csrf: csrfFrom(page.text) })
    .expect(200);
  const codes = [...confirmed.text.matchAll(/<li><code>([A-Z0-9-]{14})<\/code><\/li>/g)].map((m) => m[1]);
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

async function passwordStep(app: Parameters<typeof request.agent>[0], email: string) {
  const agent = request.agent(app);
  const csrf = await csrfOf(agent);
  const res = await agent.post('/login').type('form').send({ email, password: TEST_PASSWORD, _csrf: csrf });
  return { agent, res };
}

async function secondStep(agent: Agent, code: string) {
  const page = await agent.get('/login/2fa').expect(200);
  return agent
    .post('/login/2fa')
    .type('form')
    .send({ code, _csrf: csrfFrom(page.text) });
}

describe('two-factor authentication', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  test('when a user enrols, then login asks for the TOTP code after the password and accepts it', async () => {
    const user = await createUser(t.ctx);
    const { secret } = await enrol(await login(t.app, user.email), t.ctx.clock.now());

    t.ctx.clock.set(new Date(t.ctx.clock.now().getTime() + 60_000));
    const { agent, res } = await passwordStep(t.app, user.email);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login/2fa');
    // Not logged in yet: the password alone opens nothing.
    expect((await agent.get('/account')).status).toBe(302);
    const done = await secondStep(agent, totpCode(secret, totpStep(t.ctx.clock.now())));
    expect(done.status).toBe(302);
    await agent.get('/account').expect(200);
  });

  test('when a code is wrong or replayed, then the second step refuses it', async () => {
    const user = await createUser(t.ctx);
    const { secret } = await enrol(await login(t.app, user.email), t.ctx.clock.now());
    t.ctx.clock.set(new Date(t.ctx.clock.now().getTime() + 60_000));
    const code = totpCode(secret, totpStep(t.ctx.clock.now()));

    const first = await passwordStep(t.app, user.email);
    expect((await secondStep(first.agent, '000000')).status).toBe(401);
    expect((await secondStep(first.agent, code)).status).toBe(302);

    const second = await passwordStep(t.app, user.email);
    const replay = await secondStep(second.agent, code);
    expect(replay.status).toBe(401);
    expect(replay.text).toContain('コードが正しくないか、期限が切れています。');
  });

  test('when a recovery code is used, then it works once only', async () => {
    const user = await createUser(t.ctx);
    const { codes } = await enrol(await login(t.app, user.email), t.ctx.clock.now());
    const first = await passwordStep(t.app, user.email);
    expect((await secondStep(first.agent, codes[0].toLowerCase())).status).toBe(302);
    const again = await passwordStep(t.app, user.email);
    expect((await secondStep(again.agent, codes[0])).status).toBe(401);
    const account = await first.agent.get('/account').expect(200);
    expect(account.text).toContain('未使用のリカバリーコード 9 個');
  });

  test('when the second step is skipped, then /login/2fa without a pending login goes back to /login', async () => {
    const res = await request(t.app).get('/login/2fa');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
  });

  test('when the confirmation code of enrolment is wrong, then 2FA stays off', async () => {
    const user = await createUser(t.ctx);
    const agent = await login(t.app, user.email);
    const start = await agent.get('/account/2fa');
    await agent
      .post('/account/2fa/start')
      .type('form')
      .send({ _csrf: csrfFrom(start.text) });
    const page = await agent.get('/account/2fa');
    const res = await agent
      .post('/account/2fa/confirm')
      .type('form')
      .send({ code: '123456', _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(422);
    const again = await passwordStep(t.app, user.email);
    expect(again.res.headers.location).toBe('/');
  });

  test('when 2FA is turned off with the password, then login needs the password only', async () => {
    const user = await createUser(t.ctx);
    const agent = await login(t.app, user.email);
    await enrol(agent, t.ctx.clock.now());
    const page = await agent.get('/account/2fa');
    const wrong = await agent
      .post('/account/2fa/disable')
      .type('form')
      .send({ password: 'not-my-password', _csrf: csrfFrom(page.text) });
    expect(wrong.status).toBe(422);
    await agent
      .post('/account/2fa/disable')
      .type('form')
      .send({ password: TEST_PASSWORD, _csrf: csrfFrom(page.text) })
      .expect(302);
    const next = await passwordStep(t.app, user.email);
    expect(next.res.headers.location).toBe('/');
  });
});

describe('two-factor authentication required for the secretariat', () => {
  test('when required and not enrolled, then a secretariat user is sent to enrolment first, and may work after', async () => {
    const t = await createTestApp({ env: { SECRETARIAT_2FA: 'required' } });
    try {
      const staff = await createUser(t.ctx, { secretariat: true });
      const agent = await login(t.app, staff.email);
      const admin = await agent.get('/admin');
      expect(admin.status).toBe(302);
      expect(admin.headers.location).toBe('/account/2fa');
      const api = await agent.get('/api/v1/teams');
      expect(api.status).toBe(403);
      expect(api.body.error.code).toBe('two_factor_required');
      const page = await agent.get('/account/2fa').expect(200);
      expect(page.text).toContain('事務局のアカウントは2段階認証の設定が必要です。');
      await enrol(agent, t.ctx.clock.now());
      await agent.get('/admin').expect(200);
      // ...and it cannot be turned off again.
      const manage = await agent.get('/account/2fa');
      const off = await agent
        .post('/account/2fa/disable')
        .type('form')
        .send({ password: TEST_PASSWORD, _csrf: csrfFrom(manage.text) });
      expect(off.status).toBe(409);
    } finally {
      await t.close();
    }
  });

  test('when required, then members are not asked to enrol', async () => {
    const t = await createTestApp({ env: { SECRETARIAT_2FA: 'required' } });
    try {
      const user = await createUser(t.ctx);
      const agent = await login(t.app, user.email);
      await agent.get('/account').expect(200);
    } finally {
      await t.close();
    }
  });
});
