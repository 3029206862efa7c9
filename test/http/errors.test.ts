import request from 'supertest';
import { createTestApp } from '../helpers/app';

describe('error handling', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  test('when a page does not exist, then a 404 page answers in the page language', async () => {
    const ja = await request(t.app).get('/no/such/page').expect(404);
    expect(ja.headers['content-type']).toMatch(/text\/html/);
    expect(ja.text).toContain('お探しのページは見つかりませんでした。');
    const en = await request(t.app).get('/no/such/page?lang=en').expect(404);
    expect(en.text).toContain('The page you are looking for does not exist.');
  });

  test('when the database fails, then a generic 500 with a reference answers, with no stack trace', async () => {
    const broken = await createTestApp();
    await broken.close();
    const page = await request(broken.app).get('/').expect(500);
    expect(page.text).toMatch(/受付番号 [0-9a-f-]{36}/);
    expect(page.text).not.toMatch(/at .*\.(ts|js):\d+/);
    const api = await request(broken.app).get('/api/v1/teams').set('X-Request-Id', 'req-12345678').expect(500);
    expect(api.body.error).toMatchObject({ code: 'internal_error', requestId: 'req-12345678' });
    expect(JSON.stringify(api.body)).not.toMatch(/stack|at .*\.(ts|js):\d+/);
  });

  test('when a request id is sent, then it is echoed; otherwise one is made', async () => {
    const mine = await request(t.app).get('/healthz').set('X-Request-Id', 'abc-12345678');
    expect(mine.headers['x-request-id']).toBe('abc-12345678');
    const made = await request(t.app).get('/healthz').set('X-Request-Id', '<bad id>');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('when static files are asked for, then they are served with the security headers', async () => {
    const css = await request(t.app).get('/css/app.css').expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    await request(t.app).get('/js/app.js').expect(200);
  });

  test('when not in production, then no HSTS header is sent (it would pin http://localhost)', async () => {
    const res = await request(t.app).get('/');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('production headers', () => {
  test('when in production, then HSTS and upgrade-insecure-requests are sent', async () => {
    const t = await createTestApp({ env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) } });
    try {
      const res = await request(t.app).get('/');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await t.close();
    }
  });
});
