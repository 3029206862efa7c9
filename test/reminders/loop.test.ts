import { and, eq, sql } from 'drizzle-orm';
import { addDays } from '../../src/clock';
import type { ConfirmationReminderMail } from '../../src/mail/mailer';
import { outbox } from '../../src/mail/schema';
import { confirmByLink } from '../../src/reminders/confirmation';
import { runReminders } from '../../src/reminders/run';
import { reminderLog } from '../../src/reminders/schema';
import { buildTeamEntry, createApplication, createSponsorship, createTeam, createUser } from '../factories';
import { createTestContext, TEST_NOW, type TestContext } from '../helpers/app';
import { asDelivered } from '../helpers/mailbox';
import { teamConfirmedDaysAgo } from './helpers';

const START = new Date(TEST_NOW);
const day = (n: number) => addDays(START, n);

async function logOf(ctx: TestContext, teamId: string) {
  return ctx.db
    .select({ kind: reminderLog.kind, cycle: reminderLog.cycle, stage: reminderLog.stage, sentAt: reminderLog.sentAt })
    .from(reminderLog)
    .where(eq(reminderLog.teamId, teamId))
    .orderBy(reminderLog.sentAt);
}

/** Days after START at which each stage was sent. */
async function stageDays(ctx: TestContext, teamId: string, kind: 'confirmation' | 'key') {
  return (await logOf(ctx, teamId))
    .filter((r) => r.kind === kind)
    .map((r) => [r.stage, Math.round((r.sentAt.getTime() - START.getTime()) / 86_400_000)]);
}

async function outboxCount(ctx: TestContext, template: string) {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(outbox)
    .where(eq(outbox.template, template));
  return row.n;
}

describe('a simulated year of the loop', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  test('when the run goes daily for 400 days, then every stage goes out once per team and cycle, the late team gets only the latest, and confirming starts a new cycle', async () => {
    const confirmsOnTime = await teamConfirmedDaysAgo(ctx, 'YEAR-A', 'a@year.example.jp', 10);
    const ignores = await teamConfirmedDaysAgo(ctx, 'YEAR-B', 'b@year.example.jp', 340);
    const late = await teamConfirmedDaysAgo(ctx, 'YEAR-C', 'c@year.example.jp', 400);
    const keyed = await createTeam(
      ctx,
      { shortName: 'YEAR-D', email: 'd@year.example.jp' },
      { confirmedDaysAgo: 10, keyCreatedDaysAgo: 300, keyValidDays: 365 },
    );

    for (let n = 0; n <= 400; n++) {
      ctx.clock.set(day(n));
      await runReminders(ctx, { now: day(n) });
      if (n === 356) {
        // YEAR-A confirms through the link of its latest reminder, the day after it fell due.
        const [mail] = await ctx.db
          .select()
          .from(outbox)
          .where(
            and(eq(outbox.template, 'confirmation-reminder'), sql`'a@year.example.jp' = any(${outbox.toAddresses})`),
          )
          .orderBy(sql`${outbox.createdAt} desc`)
          .limit(1);
        const raw = /\/confirm\/([\w-]+)/.exec(asDelivered(ctx, mail).textBody)![1];
        expect((await confirmByLink(ctx, raw, { userId: null, label: 'test' })).kind).toBe('confirmed');
      }
    }

    expect(await stageDays(ctx, confirmsOnTime.id, 'confirmation')).toEqual([
      ['before_30', 325],
      ['before_7', 348],
      ['due', 355],
    ]);
    expect(await stageDays(ctx, ignores.id, 'confirmation')).toEqual([
      ['before_30', 0],
      ['before_7', 18],
      ['due', 25],
      ['overdue_14', 39],
      ['stale', 55],
    ]);
    expect(await stageDays(ctx, late.id, 'confirmation')).toEqual([['stale', 0]]);
    // The key was made 300 days ago for 365 days: it expires on day 65.
    expect(await stageDays(ctx, keyed.id, 'key')).toEqual([
      ['key_60', 5],
      ['key_30', 35],
      ['key_7', 58],
      ['key_expired', 65],
    ]);
    const [{ n: logRows }] = await ctx.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(reminderLog);
    expect((await outboxCount(ctx, 'confirmation-reminder')) + (await outboxCount(ctx, 'key-reminder'))).toBe(logRows);
  });
});

describe('escalation, stale and the run summary', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  test('when a team is 14 days overdue, then its editors, the secretariat and its sponsors are in copy, and the summary counts it', async () => {
    const team = await teamConfirmedDaysAgo(ctx, 'ESC-CSIRT', 'esc@esc.example.jp', 365 + 15);
    const sponsor = await createTeam(
      ctx,
      { shortName: 'SPONSOR-CSIRT', email: 'sponsor@sp.example.jp' },
      { withKey: false },
    );
    const editor = await createUser(ctx, { email: 'editor@esc.example.jp', teams: [{ id: team.id, role: 'editor' }] });
    await createUser(ctx, { email: 'staff@esc.example', secretariat: true });
    const app = await createApplication(ctx, {
      state: 'approved',
      entry: buildTeamEntry({ shortName: 'ESC-CSIRT' }),
      applicantName: 'x',
      applicantEmail: 'x@esc.example.jp',
      teamId: team.id,
      stateChangedAt: START,
      createdAt: START,
    });
    await createSponsorship(ctx, { applicationId: app.id, teamId: sponsor.id, kind: 'endorse', createdAt: START });
    const stale = await teamConfirmedDaysAgo(ctx, 'STALE-CSIRT', 'stale@stale.example.jp', 365 + 31);

    const dry = await runReminders(ctx, { now: START, dryRun: true });
    expect(await ctx.db.select().from(reminderLog)).toHaveLength(0);
    const summary = await runReminders(ctx, { now: START });
    expect(summary).toEqual({ now: START.toISOString(), due: 2, queued: 2, escalated: 1, stale: 1 });
    expect(dry).toEqual(summary);
    expect(await runReminders(ctx, { now: START })).toEqual({
      now: START.toISOString(),
      due: 0,
      queued: 0,
      escalated: 0,
      stale: 0,
    });

    const [escalation] = await ctx.db
      .select()
      .from(outbox)
      .where(sql`${'esc@esc.example.jp'} = any(${outbox.toAddresses})`);
    expect(escalation.ccAddresses.sort()).toEqual([editor.email, 'sponsor@sp.example.jp', 'staff@esc.example'].sort());
    expect(escalation.subject).toContain('【期限超過】');
    expect(escalation.subject).toContain('[Overdue]');
    expect(asDelivered(ctx, escalation).textBody).toMatch(/http:\/\/registry\.test\/confirm\/[\w-]{43}/);
    const [staleMail] = await ctx.db
      .select()
      .from(outbox)
      .where(sql`${'stale@stale.example.jp'} = any(${outbox.toAddresses})`);
    expect(staleMail.textBody).toContain('「未確認」と表示されています');
    expect(staleMail.ccAddresses).toEqual([]);
    expect(stale.id).toBeDefined();
  });
});

describe('a run that fails half-way', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  test('when a run dies after its first page and runs again, then nothing is sent twice and nothing is missed', async () => {
    const teams = [];
    for (let i = 0; i < 7; i++) {
      teams.push(await teamConfirmedDaysAgo(ctx, `HALF-${i}`, `half${i}@half.example.jp`, 365 - 3));
    }
    let calls = 0;
    const failing = {
      ...ctx,
      mailer: {
        ...ctx.mailer,
        async confirmationReminders(
          tx: Parameters<typeof ctx.mailer.confirmationReminders>[0],
          mails: ConfirmationReminderMail[],
        ) {
          calls += 1;
          if (calls === 2) throw new Error('the process died here');
          return ctx.mailer.confirmationReminders(tx, mails);
        },
      },
    };
    await expect(runReminders(failing, { now: START, pageSize: 3 })).rejects.toThrow('the process died here');
    expect(await ctx.db.select().from(reminderLog)).toHaveLength(3);
    expect(await outboxCount(ctx, 'confirmation-reminder')).toBe(3);

    expect((await runReminders(ctx, { now: START, pageSize: 3 })).queued).toBe(4);
    const rows = await ctx.db.select().from(reminderLog);
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.teamId))).toEqual(new Set(teams.map((t) => t.id)));
    expect(await outboxCount(ctx, 'confirmation-reminder')).toBe(7);
  });

  test('when two runs go at once, then each stage is still sent once', async () => {
    for (let i = 0; i < 12; i++) {
      await teamConfirmedDaysAgo(ctx, `TWIN-${i}`, `twin${i}@twin.example.jp`, 365);
    }
    const [a, b] = await Promise.all([
      runReminders(ctx, { now: day(1), pageSize: 4 }),
      runReminders(ctx, { now: day(1), pageSize: 4 }),
    ]);
    const twins = await ctx.db
      .select()
      .from(reminderLog)
      .where(sql`${reminderLog.cycle} is not null and ${reminderLog.sentAt} = ${day(1)}`);
    // The seven HALF teams had their "7 days before" stage at START already: nothing new for them on day 1.
    expect(a.queued + b.queued).toBe(twins.length);
    expect(await outboxCount(ctx, 'confirmation-reminder')).toBe(7 + twins.length);
    expect(twins.length).toBe(12);
  });
});
