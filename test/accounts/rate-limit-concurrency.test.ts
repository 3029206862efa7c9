/**
 * Rate limits under a burst: many requests at once must not all see the same room. Each limit is hit by more
 * than a hundred concurrent requests through a real HTTP server, and exactly the allowance gets through (the suite
 * runs on both databases).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { RULES, takeAttempt } from '../../src/accounts/rate-limit';
import { rateLimitEvents } from '../../src/accounts/schema';
import { applications } from '../../src/admission/schema';
import { outbox } from '../../src/mail/schema';
import { applicationKey, validApplication } from '../admission/helpers';
import { createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfFrom, encodeForm } from '../helpers/auth';

const BURST = 120;

describe('rate limits under concurrency', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    server = http.createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });
  beforeEach(() => t.ctx.db.delete(rateLimitEvents));

  /** Agents that each hold a session and the CSRF token of `page`, ready to post at the same moment. */
  async function agentsAt(page: string, n: number) {
    return Promise.all(
      Array.from({ length: n }, async () => {
        const agent = request.agent(base);
        const res = await agent.get(page).expect(200);
        return { agent, csrf: csrfFrom(res.text) };
      }),
    );
  }

  const statuses = (responses: { status: number }[]) => {
    const counts: Record<number, number> = {};
    for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  };

  test(`when ${BURST} wrong passwords for one account arrive at once, then exactly 10 are tried and the rest answer 429`, async () => {
    const user = await createUser(t.ctx, { email: 'burst@limits.example.jp' });
    const agents = await agentsAt('/login', BURST);
    const responses = await Promise.all(
      agents.map(({ agent, csrf }) =>
        agent.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: 'wrong guess 1234' }),
      ),
    );
    expect(statuses(responses)).toEqual({ 401: RULES.loginFailure.limit, 429: BURST - RULES.loginFailure.limit });
    const limited = responses.find((r) => r.status === 429);
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
  });

  test(`when ${BURST} applications from one address arrive at once, then exactly 10 are created`, async () => {
    const forms = await Promise.all(
      Array.from({ length: BURST }, async (_, i) => {
        const email = `team${i}@burst${i}.example.jp`;
        return validApplication(t.ctx, {
          email,
          applicantEmail: `applicant${i}@burst${i}.example.jp`,
          key: await applicationKey(t.ctx, email),
        });
      }),
    );
    const agents = await agentsAt('/apply', BURST);
    const responses = await Promise.all(
      agents.map(({ agent, csrf }, i) => agent.post('/apply').type('form').send(encodeForm(forms[i], csrf))),
    );
    expect(statuses(responses)).toEqual({
      200: RULES.applicationPerIp.limit,
      429: BURST - RULES.applicationPerIp.limit,
    });
    expect(await t.ctx.db.$count(applications)).toBe(RULES.applicationPerIp.limit);
  });

  test(`when ${BURST} reset requests for one address arrive at once, then exactly 5 mails are written`, async () => {
    const user = await createUser(t.ctx, { email: 'reset-burst@limits.example.jp' });
    const agents = await agentsAt('/password/forgot', BURST);
    const responses = await Promise.all(
      agents.map(({ agent, csrf }) =>
        agent.post('/password/forgot').type('form').send({ _csrf: csrf, email: user.email }),
      ),
    );
    const limit = RULES.passwordResetPerEmail.limit;
    expect(statuses(responses)).toEqual({ 200: limit, 429: BURST - limit });
    expect(await t.ctx.db.$count(outbox, eq(outbox.template, 'password-reset'))).toBe(limit);
  });

  test(`when ${BURST} key checks arrive at once, then exactly 60 are answered`, async () => {
    const responses = await Promise.all(
      Array.from({ length: BURST }, () =>
        request(base).post('/api/v1/keys/check').type('text/plain').send('not a key'),
      ),
    );
    expect(statuses(responses)).toEqual({ 200: RULES.keyCheck.limit, 429: BURST - RULES.keyCheck.limit });
  });

  test('when attempts that did not count are released, then their room is free again at once', async () => {
    const rule = { bucket: 'test-release', limit: 3, windowMs: 60_000 };
    const now = t.ctx.clock.now();
    const taken = await Promise.all(Array.from({ length: 5 }, () => takeAttempt(t.ctx.db, [[rule, ['k']]], now)));
    expect(taken.filter((a) => !a.limited)).toHaveLength(3);
    for (const a of taken) if (!a.limited) await a.release();
    expect((await takeAttempt(t.ctx.db, [[rule, ['k']]], now)).limited).toBe(false);
  });
});
