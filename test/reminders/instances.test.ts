import { sql } from 'drizzle-orm';
import pino from 'pino';
import { associationMailer } from '../../src/context';
import { outbox } from '../../src/mail/schema';
import { runReminders } from '../../src/reminders/run';
import { scheduledRun } from '../../src/reminders/scheduler';
import { reminderLog } from '../../src/reminders/schema';
import { createTestContext, TEST_NOW, type TestContext } from '../helpers/app';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { teamConfirmedDaysAgo } from './helpers';

describe('two app instances running the loop and the mail worker together', () => {
  let sink: SmtpSink;
  let ctx: TestContext;

  beforeAll(async () => {
    sink = await startSmtpSink();
    ctx = await createTestContext({ env: { SMTP_URL: sink.url } });
  });
  afterAll(async () => {
    await ctx.close();
    await sink.close();
  });

  test('when both run the daily job, their own reminder runs and their workers at once, then every reminder is logged once and delivered once', async () => {
    for (let i = 0; i < 25; i++) {
      await teamConfirmedDaysAgo(ctx, `INST-${i}`, `inst${i}@inst.example.jp`, 336 + i * 3);
    }
    // A second instance: its own mailer and worker on the same database.
    const other = {
      ...ctx,
      mailer: associationMailer({
        config: ctx.config,
        db: ctx.db,
        clock: ctx.clock,
        log: pino({ level: 'silent' }),
      }),
    };
    try {
      const now = new Date(TEST_NOW);
      const results = await Promise.all([
        scheduledRun(ctx),
        scheduledRun(other),
        runReminders(ctx, { now, pageSize: 4 }),
        runReminders(other, { now, pageSize: 4 }),
      ]);
      await Promise.all([ctx.mailer.flush({ limit: 3 }), other.mailer.flush({ limit: 3 })]);
      // The daily job's lease lets one instance through (the other answers null); the direct runs race freely.
      expect(results.slice(0, 2).filter((r) => r === null)).toHaveLength(1);
      const logRows = await ctx.db.select().from(reminderLog);
      expect(new Set(logRows.map((r) => `${r.teamId}/${r.cycle}/${r.stage}`)).size).toBe(logRows.length);
      expect(logRows.length).toBe(25);
      const [{ n }] = await ctx.db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(outbox)
        .where(sql`${outbox.status} = 'sent'`);
      expect(n).toBe(25);
      expect(sink.messages).toHaveLength(25);
      expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(25);
    } finally {
      other.mailer.close();
    }
  });
});
