/**
 * Every route × every role: the table of routes comes from the application itself (each route declares its access
 * level where it is defined), and is checked against the Express router so that a route added without a
 * declaration fails here.
 */
import { randomUUID } from 'node:crypto';
import type express from 'express';
import request from 'supertest';
import type { Access, RouteEntry, RouteTable } from '../../src/http/access';
import { buildTeamEntry, createApplication, createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfOf, login } from '../helpers/auth';

type Role = 'anonymous' | 'member' | 'otherEditor' | 'editor' | 'secretariat';
const ROLES: Role[] = ['anonymous', 'member', 'otherEditor', 'editor', 'secretariat'];

/** Who may pass each access level. ("editor" edits the team in the path; "otherEditor" edits another team.) */
const ALLOWED: Record<Access, Role[]> = {
  public: ROLES,
  'signed-in': ['member', 'otherEditor', 'editor', 'secretariat'],
  member: ['member', 'otherEditor', 'editor', 'secretariat'],
  'team-editor': ['editor', 'secretariat'],
  secretariat: ['secretariat'],
};

/** The reviewed policy of every route. A new route must be added here (and so be looked at) or this test fails. */
const EXPECTED_ACCESS: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/v1/teams': 'public',
  'GET /api/v1/teams/:slug': 'public',
  'GET /api/v1/keyring.asc': 'public',
  'POST /api/v1/keys/check': 'public',
  'GET /teams/:slug/key.asc': 'public',
  'GET /pks/lookup': 'public',
  'GET /vks/v1/by-fingerprint/:value': 'public',
  'GET /vks/v1/by-keyid/:value': 'public',
  'GET /vks/v1/by-email/:value': 'public',
  'GET /keys/check': 'public',
  'POST /keys/check': 'public',
  'GET /teams/:slug/keys': 'team-editor',
  'POST /teams/:slug/keys': 'team-editor',
  'POST /teams/:slug/keys/:keyId/verify': 'team-editor',
  'POST /teams/:slug/keys/revocation': 'team-editor',
  'POST /teams/:slug/keys/:keyId/retire': 'team-editor',
  'GET /': 'public',
  'GET /teams/:slug': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'GET /login/2fa': 'public',
  'POST /login/2fa': 'public',
  'POST /logout': 'public',
  'GET /password/forgot': 'public',
  'POST /password/forgot': 'public',
  'GET /password/reset/:token': 'public',
  'POST /password/reset/:token': 'public',
  'GET /invitations/:token': 'public',
  'POST /invitations/:token': 'public',
  'GET /account': 'signed-in',
  'POST /account/password': 'signed-in',
  'POST /account/tokens': 'signed-in',
  'POST /account/tokens/:id/revoke': 'signed-in',
  'GET /account/2fa': 'signed-in',
  'POST /account/2fa/start': 'signed-in',
  'POST /account/2fa/confirm': 'signed-in',
  'POST /account/2fa/recovery-codes': 'signed-in',
  'POST /account/2fa/disable': 'signed-in',
  'GET /teams/:slug/users': 'team-editor',
  'POST /teams/:slug/users': 'team-editor',
  'POST /teams/:slug/users/:userId/remove': 'team-editor',
  'GET /admin': 'secretariat',
  'GET /admin/teams': 'secretariat',
  'POST /admin/teams/:slug/status': 'secretariat',
  'GET /admin/users': 'secretariat',
  'POST /admin/users': 'secretariat',
  'POST /admin/users/:userId/erase': 'secretariat',
  'GET /admin/audit': 'secretariat',
  'GET /admin/mail': 'secretariat',
  'GET /admin/mail/:id': 'secretariat',
  'GET /apply': 'public',
  'POST /apply': 'public',
  'GET /applications/:token': 'public',
  'POST /applications/:token/submit': 'public',
  'POST /applications/:token/answer': 'public',
  'POST /applications/:token/withdraw': 'public',
  'GET /admin/applications': 'secretariat',
  'GET /admin/applications/:id': 'secretariat',
  'POST /admin/applications/:id/notes': 'secretariat',
  'POST /admin/applications/:id/short-name': 'secretariat',
  'POST /admin/applications/:id/decision': 'secretariat',
  'GET /members/applications': 'member',
  'GET /members/applications/:id': 'member',
  'POST /members/applications/:id/sponsorship': 'member',
  'POST /admin/mail/:id/retry': 'secretariat',
  'GET /confirm/:token': 'public',
  'GET /drills/:ref': 'public',
  'POST /drills/:ref': 'public',
  'POST /confirm/:token': 'public',
  'POST /teams/:slug/confirm': 'team-editor',
  'GET /admin/freshness': 'secretariat',
  'POST /admin/freshness/:slug/send': 'secretariat',
  'GET /admin/drills': 'secretariat',
  'GET /admin/import': 'secretariat',
  'POST /admin/import': 'secretariat',
  'GET /admin/import/:id': 'secretariat',
  'POST /admin/import/:id/preview': 'secretariat',
  'POST /admin/import/:id/commit': 'secretariat',
  'POST /admin/import/:id/invitations': 'secretariat',
  'POST /admin/drills': 'secretariat',
  'GET /admin/drills/:id': 'secretariat',
  'POST /teams/:slug/mail-encryption': 'team-editor',
  'GET /association.asc': 'public',
  'GET /teams/:slug/edit': 'team-editor',
  'POST /teams/:slug/edit': 'team-editor',
  'GET /teams/:slug/history': 'team-editor',
  'GET /teams/:slug.vcf': 'public',
  'GET /teams/:slug/rfc2350.txt': 'public',
  'GET /teams/:slug/security.txt': 'public',
  'GET /api/v1/teams.csv': 'public',
  'GET /api/v1/teams.json': 'public',
  'GET /api/v1/teams.xlsx': 'public',
  'GET /api/v1/teams.ti.json': 'public',
  'GET /api/v1/lookup': 'public',
  'POST /api/v1/lookup': 'public',
  'GET /teams/:slug/constituency': 'team-editor',
  'POST /teams/:slug/constituency': 'team-editor',
  'POST /teams/:slug/constituency/:id/remove': 'team-editor',
  'POST /teams/:slug/constituency/:id/check': 'team-editor',
  'POST /teams/:slug/constituency/:id/verify': 'secretariat',
  'GET /admin/constituency': 'secretariat',
  'GET /api/openapi.json': 'public',
  'GET /api/v1/changes.atom': 'member',
  'GET /api/v1/announcements.atom': 'member',
  'GET /admin/announcements': 'secretariat',
  'GET /admin/announcements/new': 'secretariat',
  'POST /admin/announcements': 'secretariat',
  'GET /admin/announcements/:id': 'secretariat',
  'GET /admin/announcements/:id/edit': 'secretariat',
  'POST /admin/announcements/:id/edit': 'secretariat',
  'POST /admin/announcements/:id/send': 'secretariat',
  'POST /admin/announcements/:id/discard': 'secretariat',
  'POST /admin/announcements/:id/retry': 'secretariat',
  'GET /members/announcements': 'member',
  'GET /members/announcements/:id': 'member',
  'GET /docs/api': 'public',
  'GET /stats': 'public',
};

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  name?: string;
  handle?: { stack?: Layer[] };
}

/** Every method+path the Express router will answer, found by walking its stacks. */
function expressRoutes(app: express.Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

function denied(res: request.Response): boolean {
  if (res.status === 401 || res.status === 403) return true;
  return res.status === 302 && String(res.headers.location).startsWith('/login?next=');
}

describe('route × role matrix', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let table: RouteTable;
  const agents = new Map<Role, Agent>();
  let params: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    table = t.app.get('routeTable') as RouteTable;
    const teamA = await createTeam(t.ctx, { shortName: 'MATRIX-A' }, { withKey: false });
    const teamB = await createTeam(t.ctx, { shortName: 'MATRIX-B' }, { withKey: false });
    const users: Record<Exclude<Role, 'anonymous'>, string> = {
      member: (await createUser(t.ctx, { teams: [{ id: teamB.id, role: 'member' }] })).email,
      otherEditor: (await createUser(t.ctx, { teams: [{ id: teamB.id, role: 'editor' }] })).email,
      editor: (await createUser(t.ctx, { teams: [{ id: teamA.id, role: 'editor' }] })).email,
      secretariat: (await createUser(t.ctx, { secretariat: true })).email,
    };
    agents.set('anonymous', request.agent(t.app));
    for (const [role, email] of Object.entries(users)) agents.set(role as Role, await login(t.app, email));
    // An application open for sponsorship, so the admission pages have something real to show each role.
    const application = await createApplication(t.ctx, {
      state: 'sponsorship',
      entry: buildTeamEntry({ shortName: 'MATRIX-APPLICANT' }),
      applicantName: 'Matrix',
      applicantEmail: 'applicant@matrix.example',
    });
    params = {
      slug: teamA.slug,
      token: 'x'.repeat(43),
      userId: randomUUID(),
      id: application.id,
      keyId: randomUUID(),
      value: 'x',
    };
  });
  afterAll(() => t.close());

  function pathOf(entry: RouteEntry): string {
    return entry.path.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? 'x');
  }

  async function call(role: Role, entry: RouteEntry, withCsrf = true): Promise<request.Response> {
    const agent = agents.get(role)!;
    if (entry.method === 'GET') return agent.get(pathOf(entry));
    const form: Record<string, string> = {};
    if (withCsrf) form._csrf = await csrfOf(agent, role === 'anonymous' ? '/login' : '/account');
    return agent.post(pathOf(entry)).type('form').send(form);
  }

  test('when the app is built, then each route has the access level reviewed here', () => {
    const declared = Object.fromEntries(table.entries.map((e) => [`${e.method} ${e.path}`, e.access]));
    expect(declared).toEqual(EXPECTED_ACCESS);
  });

  test('when the app is built, then every route Express answers is declared with an access level', () => {
    const declared = table.entries.map((e) => `${e.method} ${e.path}`);
    const actual = expressRoutes(t.app);
    expect(actual).toHaveLength(declared.length);
    for (const route of actual) {
      const [method, path] = route.split(' ');
      expect(declared.some((d) => d.startsWith(`${method} `) && d.endsWith(path === '/' ? '/' : path))).toBe(true);
    }
    expect(new Set(declared).size).toBe(declared.length);
  });

  test('when each role calls each route, then only the roles its access level names get through', async () => {
    const failures: string[] = [];
    // Logging out changes the agent, so it goes last.
    const entries = [...table.entries].sort((a, b) => Number(a.path === '/logout') - Number(b.path === '/logout'));
    for (const entry of entries) {
      for (const role of ROLES) {
        const res = await call(role, entry);
        const expected = ALLOWED[entry.access].includes(role);
        if (denied(res) === expected) {
          failures.push(
            `${entry.method} ${entry.path} [${entry.access}] as ${role}: ${res.status} ${res.headers.location ?? ''}`,
          );
        }
        if (res.status >= 500) failures.push(`${entry.method} ${entry.path} as ${role}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    // Every route × every role is a few hundred requests, some with a deliberately slow password hash.
  }, 120_000);

  test('when a form is posted without its CSRF token, then every POST page route answers 403', async () => {
    const staff = await login(t.app, (await createUser(t.ctx, { secretariat: true })).email);
    agents.set('secretariat', staff);
    const failures: string[] = [];
    // API POSTs are not forms: they change nothing (the key check) or authenticate by token, not cookie.
    for (const entry of table.entries.filter((e) => e.method === 'POST' && !e.path.startsWith('/api/'))) {
      const res = await call('secretariat', entry, false);
      if (res.status !== 403) failures.push(`${entry.path}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  test('when a body over the limit is posted to any POST route, then 413 and no 5xx', async () => {
    const staff = agents.get('secretariat')!;
    const failures: string[] = [];
    const big = `pad=${'x'.repeat(300 * 1024)}`; // over the 256 KB form limit
    for (const entry of table.entries.filter((e) => e.method === 'POST')) {
      const res = entry.path.startsWith('/api/')
        ? await staff
            .post(pathOf(entry))
            .type('text/plain')
            .send('x'.repeat(1024 * 1024 + 10)) // over the 1 MiB key limit
        : await staff.post(pathOf(entry)).type('form').send(big);
      if (res.status !== 413) failures.push(`${entry.path}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
