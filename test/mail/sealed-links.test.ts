/**
 * Single-use links never rest in the database in a usable form: every flow that mails one (invitation, password
 * reset, application confirmation, applicant notices, yearly reminders, a reminder sent by hand) is walked, and
 * the outbox, the secretariat's mail pages and an `export-all` dump are searched for a working link.
 */

import { eq } from 'drizzle-orm';
import request from 'supertest';
import { outbox } from '../../src/mail/schema';
import { runReminders } from '../../src/reminders/run';
import { exportAll } from '../../src/transfer';
import { postApplication, validApplication } from '../admission/helpers';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfOf, login, postForm } from '../helpers/auth';
import { asDelivered } from '../helpers/mailbox';
import { startSmtpSink } from '../helpers/smtp-sink';

/** A link with its secret: any of the single-use paths followed by a token. */
const WORKING_LINK = /\/(invitations|password\/reset|applications|confirm)\/[A-Za-z0-9_-]{20,}/gi;

describe('sealed links in stored mail', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    const team = await createTeam(t.ctx, { shortName: 'SEAL-CSIRT' }, { confirmedDaysAgo: 340 });
    await createUser(t.ctx, { email: 'editor@seal.example.jp', teams: [{ id: team.id, role: 'editor' }] });
    await createUser(t.ctx, { email: 'forgetful@seal.example.jp' });
    staff = await login(t.app, (await createUser(t.ctx, { secretariat: true })).email);

    // Every flow that mails a single-use link.
    const anonymous = request.agent(t.app);
    const csrf = await csrfOf(anonymous, '/password/forgot');
    await anonymous.post('/password/forgot').type('form').send({ _csrf: csrf, email: 'forgetful@seal.example.jp' });
    await postForm(staff, '/admin/users', {
      email: 'newcomer@seal.example.jp',
      name: 'New',
      team: team.slug,
      role: 'member',
    });
    await postApplication(t.app, await validApplication(t.ctx), 'ja', t.ctx);
    await runReminders(t.ctx, { now: t.ctx.clock.now() });
    await postForm(staff, `/admin/freshness/${team.slug}/send`, {}, '/admin/freshness');
  });
  afterAll(() => t.close());

  test('when mail with single-use links is queued, then no stored subject or body holds a working link', async () => {
    const rows = await t.ctx.db.select().from(outbox);
    const templates = new Set(rows.map((r) => r.template));
    for (const template of ['password-reset', 'invitation', 'application-verify', 'confirmation-reminder']) {
      expect(templates).toContain(template);
    }
    for (const row of rows) {
      expect(`${row.subject}\n${row.textBody}\n${row.htmlBody}`.match(WORKING_LINK)).toBeNull();
    }
    // Sealed, not lost: each recipient gets the links, and they work.
    const sealed = rows.filter((r) => r.sealedLinks !== null);
    expect(sealed.length).toBeGreaterThanOrEqual(4);
    for (const row of sealed) {
      const links = asDelivered(t.ctx, row).textBody.match(WORKING_LINK) ?? [];
      expect(links.length).toBeGreaterThan(0);
      for (const path of links) expect((await request(t.app).get(path)).status).toBe(200);
    }
  });

  test('when the database is dumped or the secretariat reads the mail, then no working link is there', async () => {
    const dump = JSON.stringify(await exportAll(t.ctx.db, t.ctx.clock.now()));
    expect(dump.match(WORKING_LINK)).toBeNull();
    const [reset] = await t.ctx.db.select().from(outbox).where(eq(outbox.template, 'password-reset'));
    const page = await staff.get(`/admin/mail/${reset.id}`).expect(200);
    expect(page.text.match(WORKING_LINK)).toBeNull();
    expect(page.text).toContain('［1回限りのリンク：宛先にだけ届き、ここには保存されていません］');
    expect(page.text).not.toContain(reset.sealedLinks as string);
  });
});

describe('sealed links on the way out', () => {
  test('when a message is sent over SMTP, then the recipient gets the working link and the sealed copy is erased', async () => {
    const sink = await startSmtpSink();
    const t = await createTestApp({ env: { SMTP_URL: sink.url } });
    try {
      await createUser(t.ctx, { email: 'smtp-reset@seal.example.jp' });
      const agent = request.agent(t.app);
      const csrf = await csrfOf(agent, '/password/forgot');
      await agent.post('/password/forgot').type('form').send({ _csrf: csrf, email: 'smtp-reset@seal.example.jp' });
      const [mail] = await sink.waitFor(1);
      const path = (mail.text.match(WORKING_LINK) ?? [])[0] ?? '';
      expect(path).toMatch(/^\/password\/reset\//);
      expect(mail.html).toContain(path);
      expect(mail.text).not.toContain('[[sealed-link');
      await request(t.app).get(path).expect(200);
      const [row] = await t.ctx.db.select().from(outbox);
      expect(row.status).toBe('sent');
      expect(row.sealedLinks).toBeNull();
      expect(row.textBody).not.toContain(path);
    } finally {
      await t.close();
      await sink.close();
    }
  });

  test('when the session secret changed since the mail was queued, then sending fails visibly instead of sending dead links', async () => {
    const sink = await startSmtpSink();
    const first = await createTestApp({ env: { SESSION_SECRET: 'a'.repeat(40) } });
    try {
      await createUser(first.ctx, { email: 'moved@seal.example.jp' });
      const agent = request.agent(first.app);
      const csrf = await csrfOf(agent, '/password/forgot');
      await agent.post('/password/forgot').type('form').send({ _csrf: csrf, email: 'moved@seal.example.jp' });
      await first.ctx.db.update(outbox).set({ status: 'pending', nextAttemptAt: first.ctx.clock.now() });
      const { associationMailer } = await import('../../src/context');
      const { testConfig } = await import('../helpers/app');
      const mailer = associationMailer({
        config: testConfig({ SMTP_URL: sink.url, SESSION_SECRET: 'b'.repeat(40) }),
        db: first.ctx.db,
        clock: first.ctx.clock,
        log: first.ctx.log,
      });
      expect(await mailer.flush()).toMatchObject({ sent: 0, failed: 1 });
      mailer.close();
      const [row] = await first.ctx.db.select().from(outbox);
      expect(row.lastError).toContain('SESSION_SECRET');
      expect(sink.messages).toHaveLength(0);
    } finally {
      await first.close();
      await sink.close();
    }
  });
});
