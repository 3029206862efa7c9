import request from 'supertest';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfFrom, login } from '../helpers/auth';

describe('what each role sees, on pages and in the API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let own: Awaited<ReturnType<typeof createTeam>>;
  let emails: { member: string; secretariat: string; outsider: string };

  beforeAll(async () => {
    t = await createTestApp();
    own = await createTeam(t.ctx, { shortName: 'SEEN-CSIRT', phone: '03-5555-7777', notes: '内部メモ: 要確認' });
    const other = await createTeam(t.ctx, { shortName: 'OTHER-CSIRT' }, { withKey: false });
    const suspended = await createTeam(t.ctx, { shortName: 'GONE-CSIRT', status: 'suspended' }, { withKey: false });
    emails = {
      member: (await createUser(t.ctx, { teams: [{ id: other.id, role: 'member' }] })).email,
      secretariat: (await createUser(t.ctx, { secretariat: true })).email,
      // Belongs only to a suspended team: not a member of the association while it is suspended.
      outsider: (await createUser(t.ctx, { teams: [{ id: suspended.id, role: 'editor' }] })).email,
    };
  });
  afterAll(() => t.close());

  test('when anonymous, then the phone and notes are hidden in page and API', async () => {
    const page = await request(t.app).get('/teams/seen-csirt').expect(200);
    expect(page.text).not.toContain('03-5555-7777');
    const api = await request(t.app).get('/api/v1/teams/seen-csirt').expect(200);
    expect(api.body).not.toHaveProperty('phone');
    expect(api.body).not.toHaveProperty('notes');
  });

  test('when a member of another team looks, then members-only phones show but secretariat notes do not', async () => {
    const agent = await login(t.app, emails.member);
    const page = await agent.get('/teams/seen-csirt').expect(200);
    expect(page.text).toContain('03-5555-7777');
    expect(page.text).not.toContain('内部メモ');
    const api = await agent.get('/api/v1/teams/seen-csirt').expect(200);
    expect(api.body.phone).toBe('+81355557777');
    expect(api.body.emergencyPhone).toBe('+815055550199');
    expect(api.body).not.toHaveProperty('notes');
    const list = await agent.get('/api/v1/teams?q=seen-csirt').expect(200);
    expect(list.body.items[0].phone).toBe('+81355557777');
  });

  test('when the only team of a user is suspended, then the user sees what the public sees', async () => {
    const agent = await login(t.app, emails.outsider);
    const api = await agent.get('/api/v1/teams/seen-csirt').expect(200);
    expect(api.body).not.toHaveProperty('phone');
  });

  test('when the secretariat looks, then notes and suspended teams are visible too', async () => {
    const agent = await login(t.app, emails.secretariat);
    const api = await agent.get('/api/v1/teams/seen-csirt').expect(200);
    expect(api.body.notes).toBe('内部メモ: 要確認');
    await agent.get('/api/v1/teams/gone-csirt').expect(200);
    const list = await agent.get('/api/v1/teams?q=gone-csirt').expect(200);
    expect(list.body.total).toBe(1);
  });

  test('when a team makes its phone public, then anonymous callers see it', async () => {
    const { teams } = await import('../../src/entry/schema');
    const { eq } = await import('drizzle-orm');
    await t.ctx.db
      .update(teams)
      .set({ visibility: { phone: 'public' } })
      .where(eq(teams.id, own.id));
    const api = await request(t.app).get('/api/v1/teams/seen-csirt').expect(200);
    expect(api.body.phone).toBe('+81355557777');
    await t.ctx.db.update(teams).set({ visibility: {} }).where(eq(teams.id, own.id));
  });

  test('when a member creates an API token, then scripts see members-only fields with it until it is revoked', async () => {
    const agent = await login(t.app, emails.member);
    const settings = await agent.get('/account').expect(200);
    const created = await agent
      .post('/account/tokens')
      .type('form')
      .send({ name: 'sync script', _csrf: csrfFrom(settings.text) })
      .expect(200);
    const token = /<code class="secret" id="new-token">(csr_[A-Za-z0-9_-]+)<\/code>/.exec(created.text)![1];
    expect(created.headers['cache-control']).toBe('no-store');

    const api = await request(t.app)
      .get('/api/v1/teams/seen-csirt')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(api.body.phone).toBe('+81355557777');
    const after = await agent.get('/account').expect(200);
    expect(after.text).toContain('sync script');
    expect(after.text).not.toContain(token); // shown once only
    expect(after.text).not.toContain('<td>未使用</td>');

    const id = /action="\/account\/tokens\/([0-9a-f-]{36})\/revoke"/.exec(after.text)![1];
    await agent
      .post(`/account/tokens/${id}/revoke`)
      .type('form')
      .send({ _csrf: csrfFrom(after.text) })
      .expect(302);
    const revoked = await request(t.app).get('/api/v1/teams').set('Authorization', `Bearer ${token}`);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('unauthorized');
  });

  test('when a bearer token is malformed or unknown, then 401 JSON answers', async () => {
    await request(t.app).get('/api/v1/teams').set('Authorization', 'Bearer nope').expect(401);
    await request(t.app)
      .get('/api/v1/teams')
      .set('Authorization', `Bearer csr_${'A'.repeat(43)}`)
      .expect(401);
    await request(t.app).get('/api/v1/teams').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
  });

  test('when a token name is missing or too long, then 422 keeps the page', async () => {
    const agent = await login(t.app, emails.member);
    const settings = await agent.get('/account');
    const res = await agent
      .post('/account/tokens')
      .type('form')
      .send({ name: 'x'.repeat(81), _csrf: csrfFrom(settings.text) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('トークンの名前を80文字以内で入力してください。');
  });

  test('when someone revokes a token that is not theirs, then 404 and the token keeps working', async () => {
    const owner = await login(t.app, emails.member);
    const settings = await owner.get('/account');
    const created = await owner
      .post('/account/tokens')
      .type('form')
      .send({ name: 'mine', _csrf: csrfFrom(settings.text) });
    const token = /id="new-token">(csr_[A-Za-z0-9_-]+)</.exec(created.text)![1];
    const id = [...created.text.matchAll(/action="\/account\/tokens\/([0-9a-f-]{36})\/revoke"/g)][0][1];
    const thief = await login(t.app, emails.secretariat);
    const page = await thief.get('/account');
    await thief
      .post(`/account/tokens/${id}/revoke`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(404);
    await request(t.app).get('/api/v1/teams').set('Authorization', `Bearer ${token}`).expect(200);
  });
});
