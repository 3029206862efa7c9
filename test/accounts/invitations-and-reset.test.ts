import request from 'supertest';
import { outbox } from '../../src/mail/schema';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfFrom, csrfOf, login } from '../helpers/auth';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

function linkIn(text: string, path: string): string {
  const match = new RegExp(`http://registry\\.test(${path}/[A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[1];
}

describe('invitations and password reset over SMTP', () => {
  let sink: SmtpSink;
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      env: { SMTP_URL: sink.url, MAIL_FROM: 'Registry <registry@test.example>', TRUST_PROXY: 'true' },
    });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  test('when an editor invites a person, then a bilingual mail with a single-use link arrives and sets up the account', async () => {
    const team = await createTeam(t.ctx, { shortName: 'INVITE-CSIRT' }, { withKey: false });
    const editor = await createUser(t.ctx, { name: 'Editor', teams: [{ id: team.id, role: 'editor' }] });
    const agent = await login(t.app, editor.email);
    const before = sink.messages.length;
    const page = await agent.get('/teams/invite-csirt/users').expect(200);
    const res = await agent
      .post('/teams/invite-csirt/users')
      .type('form')
      .send({ email: 'New.Person@Test.Example', name: '新人', role: 'member', _csrf: csrfFrom(page.text) })
      .expect(200);
    expect(res.text).toContain('new.person@test.example に招待を送りました。');

    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual(['new.person@test.example']);
    expect(mail.subject).toContain('アカウントへの招待 / Invitation');
    expect(mail.text.indexOf('招待')).toBeLessThan(mail.text.indexOf('invited you'));
    expect(mail.text).toContain('INVITE-CSIRT');
    const link = linkIn(mail.text, '/invitations');

    const form = await request(t.app).get(link).expect(200);
    expect(form.text).toContain('new.person@test.example');
    const short = await request
      .agent(t.app)
      .post(link)
      .type('form')
      .send({ name: '新人', password: 'short', confirm: 'short', _csrf: csrfFrom(form.text) });
    expect([403, 422]).toContain(short.status); // another agent: no session, so the CSRF check refuses first

    const invitee = request.agent(t.app);
    const own = await invitee.get(link);
    const mismatch = await invitee
      .post(link)
      .type('form')
      .send({ name: '新人', password: 'a long enough password', confirm: 'something else', _csrf: csrfFrom(own.text) });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('確認用のパスワードが一致しません。');
    const accepted = await invitee
      .post(link)
      .type('form')
      .send({
        name: '新人',
        password: 'a long enough password',
        confirm: 'a long enough password',
        _csrf: csrfFrom(own.text),
      });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.location).toBe('/login?welcome=1');

    const member = await login(t.app, 'new.person@test.example', 'a long enough password');
    const account = await member.get('/account').expect(200);
    expect(account.text).toContain('INVITE-CSIRT');

    const reused = await request(t.app).get(link);
    expect(reused.status).toBe(410);
    expect(reused.text).toContain('このリンクは既に使用されています。');
  });

  test('when an invitation is older than 7 days, then its link says it has expired', async () => {
    const team = await createTeam(t.ctx, {}, { withKey: false });
    const editor = await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] });
    const agent = await login(t.app, editor.email);
    const before = sink.messages.length;
    const page = await agent.get(`/teams/${team.slug}/users`);
    await agent
      .post(`/teams/${team.slug}/users`)
      .type('form')
      .send({ email: 'late@test.example', role: 'member', _csrf: csrfFrom(page.text) })
      .expect(200);
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    const link = linkIn(mail.text, '/invitations');
    t.ctx.clock.set(new Date(t.ctx.clock.now().getTime() + 8 * 24 * 3600_000));
    const res = await request(t.app).get(`${link}?lang=en`);
    expect(res.status).toBe(410);
    expect(res.text).toContain('This link has expired.');
  });

  test('when a link is made up, then a clear 404 page answers', async () => {
    const res = await request(t.app).get('/invitations/not-a-real-token-at-all-1234567890');
    expect(res.status).toBe(404);
    expect(res.text).toContain('このリンクは無効です。');
    await request(t.app).get('/password/reset/%3Cscript%3E').expect(404);
  });

  test('when a password reset is asked for, then the mail link sets a new password once and ends other sessions', async () => {
    const user = await createUser(t.ctx);
    const oldSession = await login(t.app, user.email);
    const agent = request.agent(t.app).set('X-Forwarded-For', '198.51.100.7');
    const before = sink.messages.length;
    const csrf = await csrfOf(agent, '/password/forgot');
    const res = await agent.post('/password/forgot').type('form').send({ email: user.email, _csrf: csrf });
    expect(res.status).toBe(200);
    expect(res.text).toContain('再設定用のリンクを送信しました');

    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual([user.email]);
    expect(mail.subject).toContain('パスワードの再設定 / Password reset');
    const link = linkIn(mail.text, '/password/reset');

    const form = await agent.get(link).expect(200);
    const weak = await agent
      .post(link)
      .type('form')
      .send({ password: 'short', confirm: 'short', _csrf: csrfFrom(form.text) });
    expect(weak.status).toBe(422);
    expect(weak.text).toContain('パスワードは12文字以上256文字以内で入力してください。');
    const done = await agent
      .post(link)
      .type('form')
      .send({ password: 'brand new passphrase', confirm: 'brand new passphrase', _csrf: csrfFrom(form.text) });
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe('/login?reset=1');

    await login(t.app, user.email, 'brand new passphrase');
    expect((await oldSession.get('/account')).status).toBe(302);
    expect((await agent.get(link)).status).toBe(410);
  });

  test('when the address has no account, then the answer is the same and no mail is sent', async () => {
    const agent = request.agent(t.app).set('X-Forwarded-For', '198.51.100.8');
    const before = await t.ctx.db.$count(outbox);
    const csrf = await csrfOf(agent, '/password/forgot');
    const res = await agent.post('/password/forgot').type('form').send({ email: 'ghost@test.example', _csrf: csrf });
    expect(res.status).toBe(200);
    expect(res.text).toContain('再設定用のリンクを送信しました');
    expect(await t.ctx.db.$count(outbox)).toBe(before);
  });

  test('when resets are asked for too often, then 429 with Retry-After', async () => {
    const user = await createUser(t.ctx);
    const agent = request.agent(t.app).set('X-Forwarded-For', '198.51.100.9');
    for (let i = 0; i < 5; i++) {
      const csrf = await csrfOf(agent, '/password/forgot');
      expect((await agent.post('/password/forgot').type('form').send({ email: user.email, _csrf: csrf })).status).toBe(
        200,
      );
    }
    const csrf = await csrfOf(agent, '/password/forgot');
    const limited = await agent.post('/password/forgot').type('form').send({ email: user.email, _csrf: csrf });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('when a reset link is older than an hour, then it has expired', async () => {
    const user = await createUser(t.ctx);
    const agent = request.agent(t.app).set('X-Forwarded-For', '198.51.100.10');
    const before = sink.messages.length;
    const csrf = await csrfOf(agent, '/password/forgot');
    await agent.post('/password/forgot').type('form').send({ email: user.email, _csrf: csrf });
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    t.ctx.clock.set(new Date(t.ctx.clock.now().getTime() + 61 * 60_000));
    expect((await agent.get(linkIn(mail.text, '/password/reset'))).status).toBe(410);
  });
});

describe('mail without SMTP', () => {
  test('when no SMTP server is configured, then mail is kept for the secretariat at /admin/mail, its links sealed', async () => {
    const t = await createTestApp();
    try {
      const team = await createTeam(t.ctx, {}, { withKey: false });
      const staff = await createUser(t.ctx, { secretariat: true });
      const agent = await login(t.app, staff.email);
      const page = await agent.get('/admin/users');
      await agent
        .post('/admin/users')
        .type('form')
        .send({ email: 'kept@test.example', team: team.slug, role: 'editor', _csrf: csrfFrom(page.text) })
        .expect(200);
      const list = await agent.get('/admin/mail').expect(200);
      expect(list.text).toContain('kept@test.example');
      expect(list.text).toContain('保存のみ');
      const id = /href="\/admin\/mail\/([0-9a-f-]{36})"/.exec(list.text)![1];
      const message = await agent.get(`/admin/mail/${id}`).expect(200);
      // The message is there to read, its single-use link is not (the invitee alone gets it).
      expect(message.text).toContain('アカウントへの招待');
      expect(message.text).not.toMatch(/\/invitations\/[\w-]{20,}/);
      expect(message.text).toContain('1回限りのリンク');
    } finally {
      await t.close();
    }
  });
});
