/**
 * API tokens are for reading: the API, the feeds, keys and exports, by GET. Every route of the application is
 * called with a secretariat's token (the most powerful there is): only the routes that declare tokens let it
 * stand for its owner; every other route refuses it, with or without a session, so a token never submits a form,
 * changes a setting or mints another token.
 */
import request from 'supertest';
import { createApiToken } from '../../src/accounts/api-token-service';
import { apiTokens } from '../../src/accounts/schema';
import type { RouteEntry, RouteTable } from '../../src/http/access';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfOf, login } from '../helpers/auth';

describe('what an API token may do', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let token: string;
  let staffEmail: string;
  let slug: string;
  let routes: RouteEntry[];

  beforeAll(async () => {
    t = await createTestApp();
    routes = (t.app.get('routeTable') as RouteTable).entries;
    slug = (await createTeam(t.ctx, { shortName: 'TOKEN-CSIRT', phone: '03-5555-4444' })).slug;
    const staff = await createUser(t.ctx, { secretariat: true });
    staffEmail = staff.email;
    const actor = { userId: staff.id, label: staff.email, ip: null, requestId: null };
    const user = { ...staff, isSecretariat: true, totpEnabled: false, memberships: [] };
    token = (await createApiToken(t.ctx, user, actor, 'script')).token;
  });
  afterAll(() => t.close());

  const pathOf = (entry: RouteEntry) =>
    entry.path.replace(/:(\w+)/g, (_m, name: string) =>
      name === 'slug'
        ? slug
        : name === 'token'
          ? 'x'.repeat(43)
          : name === 'value'
            ? 'x'
            : '00000000-0000-4000-8000-000000000000',
    );

  test('when the token is sent to every route, then only the reading routes honour it', async () => {
    const failures: string[] = [];
    // Health checks identify nobody: they answer monitors the same with or without a token.
    for (const entry of routes.filter((e) => !['/healthz', '/readyz'].includes(e.path))) {
      const url = pathOf(entry);
      const res =
        entry.method === 'GET'
          ? await request(t.app).get(url).set('Authorization', `Bearer ${token}`)
          : await request(t.app).post(url).set('Authorization', `Bearer ${token}`).type('form').send({ name: 'x' });
      // Forms refuse it at the CSRF check already (a token carries none), everything else by the token policy.
      const refused = res.status === 403;
      if (entry.tokens && refused) failures.push(`${entry.method} ${entry.path} refused the token`);
      if (!entry.tokens && !refused) failures.push(`${entry.method} ${entry.path} answered ${res.status} to a token`);
    }
    expect(failures).toEqual([]);
    // What honours tokens is only reading: no page of the admin area or the account, and no POST but the lookup
    // (a batch of indicators is a question too long for a URL; it changes nothing).
    for (const entry of routes.filter((e) => e.tokens)) {
      if (entry.method === 'POST') {
        expect(entry.path).toBe('/api/v1/lookup');
        continue;
      }
      expect(entry.path).toMatch(
        /^\/(api\/openapi\.json$|api\/v1\/|pks\/|vks\/|teams\/:slug(\.vcf|\/key\.asc|\/rfc2350\.txt|\/security\.txt))/,
      );
    }
  });

  test('when the token reads members-only data, then it sees what its owner sees', async () => {
    const api = await request(t.app).get(`/api/v1/teams/${slug}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(api.body.phone).toBe('+81355554444');
    await request(t.app).get('/api/v1/changes.atom').set('Authorization', `Bearer ${token}`).expect(200);
  });

  test('when a signed-in browser also carries the token, then forms still refuse it and no token is minted', async () => {
    const agent = await login(t.app, staffEmail);
    const before = await t.ctx.db.$count(apiTokens);
    const csrf = await csrfOf(agent, '/account');
    const res = await agent
      .post('/account/tokens')
      .set('Authorization', `Bearer ${token}`)
      .type('form')
      .send({ _csrf: csrf, name: 'minted by a token' });
    expect(res.status).toBe(403);
    expect(await t.ctx.db.$count(apiTokens)).toBe(before);
    const page = await request(t.app).get('/account').set('Authorization', `Bearer ${token}`);
    expect(page.status).toBe(403);
    expect(page.text).toContain('API トークンは読み取り専用');
  });

  test('when a token is created, then it is read-only and the account page says so', async () => {
    const [row] = await t.ctx.db.select().from(apiTokens);
    expect(row.scopes).toEqual(['read']);
    const agent = await login(t.app, staffEmail);
    expect((await agent.get('/account').expect(200)).text).toContain('読み取り専用');
  });
});
