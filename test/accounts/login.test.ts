import request from 'supertest';
import { createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfFrom, csrfOf, TEST_PASSWORD } from '../helpers/auth';

let addressCounter = 0;
/** An agent with its own client address (X-Forwarded-For, trusted in this suite), as distinct users would have. */
function newAgent(app: Parameters<typeof request.agent>[0]) {
  addressCounter += 1;
  return request.agent(app).set('X-Forwarded-For', `203.0.113.${addressCounter}`);
}

/** Posts the login form with a fresh CSRF token (fetched first, so the session cookie exists). */
async function postLogin(agent: ReturnType<typeof request.agent>, form: Record<string, string>) {
  const csrf = await csrfOf(agent);
  return agent
    .post('/login')
    .type('form')
    .send({ ...form, _csrf: csrf });
}

function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('registry.sid='));
}

describe('login', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  test('when the login page is opened, then it has email, password and a hidden CSRF field', async () => {
    const res = await request(t.app).get('/login').expect(200);
    expect(res.text).toMatch(/<input id="email" name="email" type="email"/);
    expect(res.text).toMatch(/<input id="password" name="password" type="password"/);
    expect(res.text).toMatch(/<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{43}">/);
  });

  test('when anonymous pages are browsed, then no session cookie is set', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(sessionCookie(res)).toBeUndefined();
  });

  test('when the form is posted without its CSRF token, then 403', async () => {
    const user = await createUser(t.ctx);
    const agent = newAgent(t.app);
    await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('フォームの有効期限が切れました');
    const forged = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
  });

  test('when the credentials are right, then the session id changes and the user lands on a safe next', async () => {
    const user = await createUser(t.ctx);
    const agent = newAgent(t.app);
    const page = await agent.get('/login?next=%2Fteams%2Fabc%3Flang%3Den');
    const before = sessionCookie(page);
    expect(before).toBeDefined();
    const res = await agent
      .post('/login')
      .type('form')
      .send({
        email: user.email.toUpperCase(),
        password: TEST_PASSWORD,
        next: '/teams/abc?lang=en',
        _csrf: csrfFrom(page.text),
      });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/teams/abc?lang=en');
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after!.split(';')[0]).not.toBe(before!.split(';')[0]);
    expect(after).toMatch(/HttpOnly/);
    expect(after).toMatch(/SameSite=Lax/);
    expect(after).not.toMatch(/Secure/);
    const account = await agent.get('/account').expect(200);
    expect(account.text).toContain(user.email);
  });

  test.each([
    ['//evil.example/x'],
    ['https://evil.example/'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['/%0d%0aSet-Cookie:x=y'],
    ['/.//evil.example'],
    ['/a/..//evil.example'],
    ['/%2e//evil.example'],
    ['/%2E%2E//evil.example/x?y=1'],
    ['/..//evil.example'],
    ['/./%2fevil.example'],
    ['/%5cevil.example'],
  ])('when next is %s, then the login does not leave the site', async (next) => {
    const user = await createUser(t.ctx);
    const agent = newAgent(t.app);
    const csrf = await csrfOf(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, next, _csrf: csrf });
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/(?!\/)/);
    expect(res.headers.location).not.toContain('evil');
    expect(res.headers.location).not.toMatch(/[\r\n]/);
  });

  test('when the password is wrong or the account unknown, then the same generic message answers', async () => {
    const user = await createUser(t.ctx);
    const agent = newAgent(t.app);
    const wrong = await postLogin(agent, { email: user.email, password: 'not the password' });
    const unknown = await postLogin(agent, { email: 'nobody@nowhere.example', password: 'whatever-it-is' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = 'メールアドレスまたはパスワードが正しくありません。';
    expect(wrong.text).toContain(message);
    expect(unknown.text).toContain(message);
    expect(wrong.text).toContain(`value="${user.email}"`);
  });

  test('when fields are over-long or missing, then 422 re-renders the form with the reason', async () => {
    const agent = newAgent(t.app);
    const res = await postLogin(agent, { email: `${'a'.repeat(300)}@x.example`, password: 'p' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('メールアドレスの形式が正しくありません。');
    expect(res.text).toContain('name="_csrf"');
    const empty = await postLogin(agent, {});
    expect(empty.status).toBe(422);
  });

  test('when 10 logins of one account fail within 15 minutes, then the next answers 429 with Retry-After', async () => {
    const user = await createUser(t.ctx);
    const agent = newAgent(t.app);
    for (let i = 0; i < 10; i++) {
      const res = await postLogin(agent, { email: user.email, password: `wrong-${i}` });
      expect(res.status).toBe(401);
    }
    const limited = await postLogin(agent, { email: user.email, password: TEST_PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(limited.text).toContain('試行回数が多すぎます');

    // The window slides: 15 minutes later the right password works again.
    t.ctx.clock.set(new Date(t.ctx.clock.now().getTime() + 15 * 60_000 + 1000));
    const later = await postLogin(agent, { email: user.email, password: TEST_PASSWORD });
    expect(later.status).toBe(302);
  });

  test('when failures come from one address for many accounts, then that address is limited too', async () => {
    const agent = newAgent(t.app);
    for (let i = 0; i < 10; i++) {
      await postLogin(agent, { email: `spray${i}@test.example`, password: 'guess-guess' });
    }
    const res = await postLogin(agent, { email: 'another@test.example', password: 'guess-guess' });
    expect(res.status).toBe(429);
  });

  test('when logging out, then the session ends and members pages ask for a login again', async () => {
    const user = await createUser(t.ctx);
    const agent = newAgent(t.app);
    await postLogin(agent, { email: user.email, password: TEST_PASSWORD });
    const account = await agent.get('/account').expect(200);
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(account.text) })
      .expect(302);
    const after = await agent.get('/account');
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe('/login?next=%2Faccount');
  });

  test('when a disabled account logs in with the right password, then it is refused like a wrong one', async () => {
    const { users } = await import('../../src/accounts/schema');
    const { eq } = await import('drizzle-orm');
    const user = await createUser(t.ctx);
    await t.ctx.db.update(users).set({ disabledAt: t.ctx.clock.now() }).where(eq(users.id, user.id));
    const agent = newAgent(t.app);
    const res = await postLogin(agent, { email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(401);
  });
});

describe('login in production', () => {
  test('when in production, then the session cookie is Secure', async () => {
    const t = await createTestApp({
      env: { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), TRUST_PROXY: '1', SECRETARIAT_2FA: 'optional' },
    });
    try {
      const user = await createUser(t.ctx);
      // Behind TLS (X-Forwarded-Proto: https from the trusted proxy); the browser sends the Secure cookie back.
      const page = await request(t.app).get('/login').set('X-Forwarded-Proto', 'https');
      const cookie = sessionCookie(page)!;
      expect(cookie).toMatch(/; Secure/);
      const res = await request(t.app)
        .post('/login')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', cookie.split(';')[0])
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
      expect(res.status).toBe(302);
      expect(sessionCookie(res)).toMatch(/; Secure/);
    } finally {
      await t.close();
    }
  });
});
