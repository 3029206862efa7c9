import { eq } from 'drizzle-orm';
import pino from 'pino';
import { addDays } from '../../src/clock';
import { associationMailer } from '../../src/context';
import { outbox } from '../../src/mail/schema';
import { runReminders } from '../../src/reminders/run';
import { createTeam, createUser } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { csrfFrom, login } from '../helpers/auth';
import { type SmtpSink, type SunkMail, startSmtpSink } from '../helpers/smtp-sink';

const MINUTE = 60_000;

describe('the outbox worker', () => {
  let sink: SmtpSink;
  let port: number;
  const received: SunkMail[] = [];
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    sink = await startSmtpSink({ messages: received });
    port = sink.port;
    t = await createTestApp({ env: { SMTP_URL: sink.url, MAIL_MAX_ATTEMPTS: '3' } });
  });
  afterAll(async () => {
    await sink.close();
    await t.close();
  });
  beforeEach(() => {
    received.length = 0;
    t.ctx.clock.set(TEST_NOW);
  });

  async function queue(to: string): Promise<string> {
    return t.ctx.db.transaction((tx) =>
      t.ctx.mailer.passwordReset(tx, { to, link: 'http://registry.test/password/reset/x', expiresAt: new Date() }),
    );
  }

  async function rowOf(id: string) {
    const [row] = await t.ctx.db.select().from(outbox).where(eq(outbox.id, id));
    return row;
  }

  test('when the SMTP server is down, then the mail waits with backing-off retries and goes out once when it is back', async () => {
    await sink.close();
    const id = await queue('outage@test.example');
    await t.ctx.mailer.deliver([id]);
    let row = await rowOf(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.nextAttemptAt?.toISOString()).toBe(new Date(Date.parse(TEST_NOW) + MINUTE).toISOString());
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);

    // Not due yet: the worker leaves it alone.
    expect(await t.ctx.mailer.flush()).toEqual({ sent: 0, failed: 0, dead: 0 });
    t.ctx.clock.set(new Date(Date.parse(TEST_NOW) + MINUTE));
    expect(await t.ctx.mailer.flush()).toEqual({ sent: 0, failed: 1, dead: 0 });
    row = await rowOf(id);
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt?.getTime()).toBe(Date.parse(TEST_NOW) + 3 * MINUTE); // then 2 minutes

    sink = await startSmtpSink({ port, messages: received });
    t.ctx.clock.set(new Date(Date.parse(TEST_NOW) + 3 * MINUTE));
    expect(await t.ctx.mailer.flush()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(await t.ctx.mailer.flush()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(received.map((m) => m.to)).toEqual([['outage@test.example']]);
    expect(received[0].messageId).toBe(`<${id}@registry.test>`);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 3, lockedUntil: null });
  });

  test('when every attempt fails, then the mail is given up and the secretariat can send it again from /admin/mail', async () => {
    await sink.close();
    const id = await queue('dead@test.example');
    for (let i = 0; i < 3; i++) {
      t.ctx.clock.set(addDays(new Date(TEST_NOW), i)); // a day later each time: past any backoff
      await t.ctx.mailer.flush();
    }
    expect(await rowOf(id)).toMatchObject({ status: 'dead', attempts: 3, nextAttemptAt: null });
    sink = await startSmtpSink({ port, messages: received });

    await createUser(t.ctx, { email: 'staff-outbox@test.example', secretariat: true });
    const staff = await login(t.app, 'staff-outbox@test.example');
    const list = await staff.get('/admin/mail').expect(200);
    expect(list.text).toContain('送信に失敗したメール: 1 通');
    const page = await staff.get(`/admin/mail/${id}`).expect(200);
    expect(page.text).toContain('送信断念');
    expect(page.text).toContain('ECONNREFUSED');
    await staff
      .post(`/admin/mail/${id}/retry`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect(await rowOf(id)).toMatchObject({ status: 'sent' });
    expect(received.map((m) => m.to[0])).toEqual(['dead@test.example']);
    // Sent mail cannot be "retried" into a second copy.
    const again = await staff.get(`/admin/mail/${id}`).expect(200);
    expect(again.text).not.toContain('再送する');
    await staff
      .post(`/admin/mail/${id}/retry`)
      .type('form')
      .send({ _csrf: csrfFrom(again.text) })
      .expect(303);
    expect(received).toHaveLength(1);
  });

  test('when two workers flush the same outbox at once, then every message is sent exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await queue(`race${i}@test.example`));
    const other = associationMailer({
      config: t.ctx.config,
      db: t.ctx.db,
      clock: t.ctx.clock,
      log: pino({ level: 'silent' }),
    });
    try {
      const [a, b] = await Promise.all([t.ctx.mailer.flush({ limit: 4 }), other.flush({ limit: 4 })]);
      expect(a.sent + b.sent).toBe(30);
    } finally {
      other.close();
    }
    expect(received).toHaveLength(30);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(30);
  });

  test('when SMTP is down during a reminder run, then every reminder is delivered, once, when it comes back', async () => {
    for (let i = 0; i < 6; i++) {
      await createTeam(
        t.ctx,
        { shortName: `OUTAGE-${i}`, email: `outage${i}@outage.example.jp` },
        { confirmedDaysAgo: 350, withKey: false },
      );
    }
    await sink.close();
    const summary = await runReminders(t.ctx, { now: new Date(TEST_NOW) });
    expect(summary.queued).toBe(6);
    expect((await t.ctx.mailer.flush()).failed).toBe(6);
    sink = await startSmtpSink({ port, messages: received });
    t.ctx.clock.set(new Date(Date.parse(TEST_NOW) + 2 * MINUTE));
    expect((await t.ctx.mailer.flush()).sent).toBe(6);
    expect((await t.ctx.mailer.flush()).sent).toBe(0);
    expect(received.map((m) => m.to[0]).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `outage${i}@outage.example.jp`));
  });

  test('when a worker died while sending, then its lease runs out and the mail is sent by the next round', async () => {
    const id = await queue('lease@test.example');
    await t.ctx.db
      .update(outbox)
      .set({ status: 'sending', attempts: 1, lockedUntil: new Date(Date.parse(TEST_NOW) + 5 * MINUTE) })
      .where(eq(outbox.id, id));
    expect((await t.ctx.mailer.flush()).sent).toBe(0);
    t.ctx.clock.set(new Date(Date.parse(TEST_NOW) + 6 * MINUTE));
    expect((await t.ctx.mailer.flush()).sent).toBe(1);
    expect(received.map((m) => m.to[0])).toEqual(['lease@test.example']);
  });
});
