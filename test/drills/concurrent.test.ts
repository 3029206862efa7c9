/**
 * Two instances running the drills at the same moment on one database: together they plan one drill per team,
 * send each once (one mail, one code), and mark each late and failed once. On PostgreSQL the second instance has a
 * connection pool of its own, so the two really race on row locks; on the embedded database (one connection) the
 * runs are interleaved calls, which must come to the same totals.
 */
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { tokens } from '../../src/accounts/schema';
import { associationMailer } from '../../src/context';
import { type DatabaseHandle, openPostgres } from '../../src/db/client';
import { type DrillRunSummary, runDrills } from '../../src/drills/run';
import { drills } from '../../src/drills/schema';
import { outbox } from '../../src/mail/schema';
import { createTeam, createUser } from '../factories';
import { createTestContext, type TestContext } from '../helpers/app';
import { adminUrl, databaseUrl } from '../helpers/database';

const KEYED = 24;
const NO_KEY = 2;
const TEAMS = KEYED + NO_KEY;
// Planned early in the second half of 2026, sent on its last evening (every moment passed, no window closed),
// past both windows three weeks later (when the runs also plan the next cycle, with moments still ahead).
const PLAN_AT = new Date('2026-07-03T00:00:00Z');
const SEND_AT = new Date('2026-12-31T20:00:00Z');
const OVERDUE_AT = new Date('2027-01-20T00:00:00Z');

const count = sql<number>`count(*)`.mapWith(Number);

function total(results: DrillRunSummary[], key: keyof Omit<DrillRunSummary, 'now'>): number {
  return results.reduce((sum, r) => sum + r[key], 0);
}

describe('two instances running the drills at once', () => {
  let ctx: TestContext;
  let other: TestContext;
  let otherHandle: DatabaseHandle | null = null;

  beforeAll(async () => {
    ctx = await createTestContext({ env: { DRILLS_PER_YEAR: '2', DRILL_WINDOW_HOURS: '24' } });
    for (let i = 0; i < KEYED; i++) {
      const team = await createTeam(ctx, { shortName: `RACE-${i}-CSIRT` }, { keyVerified: true, keyCreatedDaysAgo: 1 });
      if (i === 0) await createUser(ctx, { teams: [{ id: team.id, role: 'editor' }] });
    }
    for (let i = 0; i < NO_KEY; i++)
      await createTeam(ctx, { shortName: `RACE-NOKEY-${i}-CSIRT` }, { keyVerified: false });
    await createUser(ctx, { secretariat: true });

    // The second instance: its own mailer and, on PostgreSQL, its own pool on the same database.
    const admin = adminUrl();
    if (admin) {
      const result = (await ctx.db.execute(sql`select current_database() as name`)) as { rows: { name: string }[] };
      const name = result.rows[0]?.name ?? '';
      otherHandle = openPostgres(databaseUrl(admin, name), 5);
    }
    const db = otherHandle?.db ?? ctx.db;
    const mailer = associationMailer({
      config: ctx.config,
      db,
      clock: ctx.clock,
      log: pino({ level: 'silent' }),
    });
    other = { ...ctx, db, mailer };
  });
  afterAll(async () => {
    other.mailer.close();
    await otherHandle?.close();
    await ctx.close();
  });

  /** Both instances at once, in small pages so that their pages interleave. */
  const both = (now: Date) =>
    Promise.all([runDrills(ctx, { now, pageSize: 3 }), runDrills(other, { now, pageSize: 3 })]);

  test('when both plan the cycle at once, then each team has one drill', async () => {
    const results = await both(PLAN_AT);
    expect(total(results, 'planned')).toBe(TEAMS);
    expect(total(results, 'sent')).toBe(0);
    const [row] = await ctx.db
      .select({ n: count, teams: sql<number>`count(distinct ${drills.teamId})`.mapWith(Number) })
      .from(drills);
    expect(row).toEqual({ n: TEAMS, teams: TEAMS });
  });

  test('when both send at once, then each due drill is sent once, with one mail and one code', async () => {
    const results = await both(SEND_AT);
    expect(total(results, 'planned')).toBe(0);
    expect(total(results, 'sent')).toBe(KEYED);
    expect(total(results, 'cannotDrill')).toBe(NO_KEY);
    const rows = await ctx.db.select().from(drills);
    expect(rows.filter((r) => r.state === 'sent')).toHaveLength(KEYED);
    expect(rows.filter((r) => r.state === 'no_key')).toHaveLength(NO_KEY);
    const mails = await ctx.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.template, 'drill'));
    expect(mails).toHaveLength(KEYED);
    // Each sent drill names its own mail.
    const named = rows.filter((r) => r.state === 'sent').map((r) => r.outboxId);
    expect(new Set(named).size).toBe(KEYED);
    expect(new Set(mails.map((m) => m.id))).toEqual(new Set(named));
    const [codes] = await ctx.db
      .select({ n: count, scopes: sql<number>`count(distinct ${tokens.data}->>'scope')`.mapWith(Number) })
      .from(tokens)
      .where(eq(tokens.purpose, 'drill'));
    expect(codes).toEqual({ n: KEYED, scopes: KEYED });
  });

  test('when both run after the windows closed, then each drill is marked late and failed once, each notice sent once', async () => {
    const results = await both(OVERDUE_AT);
    expect(total(results, 'planned')).toBe(TEAMS); // the next cycle, once
    expect(total(results, 'sent')).toBe(0);
    expect(total(results, 'late')).toBe(KEYED);
    expect(total(results, 'failed')).toBe(KEYED);
    const states = await ctx.db
      .select({ cycle: drills.cycle, state: drills.state, n: count })
      .from(drills)
      .groupBy(drills.cycle, drills.state);
    expect(Object.fromEntries(states.map((s) => [`${s.cycle} ${s.state}`, s.n]))).toEqual({
      '2026/2of2 failed': KEYED,
      '2026/2of2 no_key': NO_KEY,
      '2027/1of2 planned': TEAMS,
    });
    const templates = await ctx.db
      .select({ template: outbox.template, n: count })
      .from(outbox)
      .groupBy(outbox.template);
    // The late copy goes only to the one team with an editor.
    expect(
      Object.fromEntries(templates.filter((t) => t.template !== 'drill-failed').map((t) => [t.template, t.n])),
    ).toEqual({
      drill: KEYED,
      'drill-late': 1,
    });
    // The secretariat hears of every failure once: a page of them to a notice, each team named in one.
    const notices = await ctx.db.select().from(outbox).where(eq(outbox.template, 'drill-failed'));
    const named = notices.flatMap((m) => {
      const listed = [...m.textBody.matchAll(/^- (\S+) </gm)].map((x) => x[1]);
      return listed.length ? listed : [/\(([^)]+)\)$/.exec(m.subject)?.[1] ?? ''];
    });
    expect(named).toHaveLength(KEYED);
    expect(new Set(named).size).toBe(KEYED);
  });
});
