/**
 * A simulated year of drills: each team with a proven key gets DRILLS_PER_YEAR drills, each sent at a moment inside
 * its business hours in its own zone; one team answers at once, one late, one never (late, then failed), one has
 * no proven key (cannot be drilled). The mail is decrypted with the team key's private half and the code entered.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { answerDrill } from '../../src/drills/answer';
import { addBusinessMs, isOpenAt } from '../../src/drills/business-time';
import { deskHoursOf } from '../../src/drills/plan';
import { runDrills } from '../../src/drills/run';
import { drills } from '../../src/drills/schema';
import type { TeamEntry } from '../../src/entry/entry';
import { outbox } from '../../src/mail/schema';
import { decryptWith } from '../../src/pgp';
import { createTeam, createUser } from '../factories';
import { createTestContext, type TestContext } from '../helpers/app';

const HOUR = 60 * 60_000;

/** The code and link of a drill mail, as the team reads them after decrypting. */
async function secretOf(ctx: TestContext, outboxId: string, privateKey: string) {
  const [mail] = await ctx.db.select().from(outbox).where(eq(outbox.id, outboxId));
  const message = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(mail.textBody)?.[0] ?? '';
  const text = await decryptWith(privateKey, message);
  return {
    mail,
    code: /([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec(text)?.[1] ?? '',
    link: /https?:\/\/\S+\/drills\/\S+/.exec(text)?.[0] ?? '',
  };
}

describe('a year of drills', () => {
  let ctx: TestContext;
  const teamsBySlug = new Map<string, Awaited<ReturnType<typeof createTeam>>>();

  beforeAll(async () => {
    ctx = await createTestContext({ env: { DRILLS_PER_YEAR: '2', DRILL_WINDOW_HOURS: '24' } });
    ctx.clock.set('2026-01-01T00:00:00Z');
    const tokyo = { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' };
    const teamsToMake: [string, Partial<TeamEntry>][] = [
      ['QUICK-CSIRT', { businessHours: tokyo, emergencyPhone: null }],
      ['SLOW-CSIRT', { businessHours: tokyo, emergencyPhone: null }],
      // A 24/7 line: planned in desk hours all the same, but its window counts nights and weekends.
      ['SILENT-CSIRT', { businessHours: tokyo }],
      [
        'BERLIN-CSIRT',
        {
          businessHours: { days: [1, 2, 3, 4, 5], open: '08:00', close: '16:00' },
          timeZone: 'Europe/Berlin',
          emergencyPhone: null,
        },
      ],
    ];
    for (const [shortName, extra] of teamsToMake) {
      const team = await createTeam(ctx, { shortName, ...extra }, { keyVerified: true, keyCreatedDaysAgo: 1 });
      teamsBySlug.set(team.slug, team);
    }
    teamsBySlug.set('nokey-csirt', await createTeam(ctx, { shortName: 'NOKEY-CSIRT' }, { keyVerified: false }));
    await createUser(ctx, { teams: [{ id: teamsBySlug.get('slow-csirt')!.id, role: 'editor' }] });
    await createUser(ctx, { secretariat: true });
  });
  afterAll(() => ctx.close());

  test('when runs go through a year, then each team gets two drills inside its hours; answers, lates and failures are recorded', async () => {
    const totals = { sent: 0, late: 0, failed: 0, cannotDrill: 0 };
    const end = new Date('2027-01-01T00:00:00Z').getTime();
    for (let now = new Date('2026-01-01T00:00:00Z').getTime(); now < end; ) {
      ctx.clock.set(new Date(now));
      const summary = await runDrills(ctx, { now: new Date(now) });
      totals.sent += summary.sent;
      totals.late += summary.late;
      totals.failed += summary.failed;
      totals.cannotDrill += summary.cannotDrill;
      // A moment is drawn from the team's (random) id; one drawn in December's last days would still be open when
      // the simulated year ends. Four weeks earlier is the same weekday and local time (no DST change in Nov-Dec),
      // so still inside the team's hours, and leaves every drill time to go late and fail before the year is out.
      await ctx.db
        .update(drills)
        .set({ plannedAt: sql`${drills.plannedAt} - interval '28 days'` })
        .where(and(eq(drills.state, 'planned'), gt(drills.plannedAt, new Date('2026-12-01T00:00:00Z'))));
      // QUICK answers one business hour after each drill arrives; SLOW only once its drill is late.
      const open = await ctx.db.select().from(drills).where(eq(drills.state, 'sent'));
      const late = await ctx.db.select().from(drills).where(eq(drills.state, 'late'));
      for (const d of [...open, ...late]) {
        const team = [...teamsBySlug.values()].find((t) => t.id === d.teamId)!;
        const hours = deskHoursOf({
          businessHours: team.entry.businessHours ?? null,
          timeZone: team.entry.timeZone ?? 'Asia/Tokyo',
        });
        const answerAt =
          team.slug === 'quick-csirt'
            ? addBusinessMs(hours, d.sentAt!, HOUR)
            : team.slug === 'slow-csirt' && d.state === 'late'
              ? new Date(now)
              : null;
        if (!answerAt) continue;
        ctx.clock.set(answerAt);
        const { code } = await secretOf(ctx, d.outboxId ?? '', team.privateKey ?? '');
        const outcome = await answerDrill(ctx, { drillId: d.id, code, via: 'link', by: 'link', ip: null });
        expect(outcome.kind).toBe('answered');
        ctx.clock.set(new Date(now));
      }
      // The next run: the next planned moment, or an hour on while a window is open, or a day on.
      const next = await ctx.db
        .select({ at: drills.plannedAt })
        .from(drills)
        .where(eq(drills.state, 'planned'))
        .orderBy(asc(drills.plannedAt))
        .limit(1);
      const step = open.length + late.length > 0 ? 4 * HOUR : 24 * HOUR;
      const planned = next[0]?.at.getTime();
      now = planned && planned > now && planned < now + step ? planned : now + step;
    }
    const rows = await ctx.db.select().from(drills).orderBy(asc(drills.plannedAt));
    const bySlug = (slug: string) => rows.filter((r) => r.teamId === teamsBySlug.get(slug)!.id);
    for (const slug of ['quick-csirt', 'slow-csirt', 'silent-csirt', 'berlin-csirt']) {
      const team = teamsBySlug.get(slug)!;
      const mine = bySlug(slug);
      expect([slug, mine.map((r) => r.cycle)]).toEqual([slug, ['2026/1of2', '2026/2of2']]);
      for (const r of mine) {
        const hours = deskHoursOf({
          businessHours: team.entry.businessHours ?? null,
          timeZone: team.entry.timeZone ?? 'Asia/Tokyo',
        });
        expect([slug, r.sentAt?.toISOString(), isOpenAt(hours, r.sentAt!)]).toEqual([
          slug,
          r.sentAt?.toISOString(),
          true,
        ]);
      }
    }
    expect(bySlug('quick-csirt').map((r) => [r.state, r.answeredLate, r.answerBusinessMs])).toEqual([
      ['answered', false, HOUR],
      ['answered', false, HOUR],
    ]);
    expect(bySlug('slow-csirt').map((r) => [r.state, r.answeredLate])).toEqual([
      ['answered', true],
      ['answered', true],
    ]);
    for (const r of bySlug('slow-csirt')) expect(r.answerBusinessMs).toBeGreaterThanOrEqual(24 * HOUR);
    expect(bySlug('silent-csirt').map((r) => [r.state, r.markedLateAt !== null])).toEqual([
      ['failed', true],
      ['failed', true],
    ]);
    expect(bySlug('nokey-csirt').map((r) => r.state)).toEqual(['no_key', 'no_key']);
    expect(totals).toEqual({ sent: 8, late: 6, failed: 4, cannotDrill: 2 });
    // The editors of the late team got a copy; the secretariat heard of each failure.
    const templates = (await ctx.db.select({ t: outbox.template }).from(outbox)).map((r) => r.t);
    expect(templates.filter((t) => t === 'drill')).toHaveLength(8);
    expect(templates.filter((t) => t === 'drill-late')).toHaveLength(2);
    expect(templates.filter((t) => t === 'drill-failed')).toHaveLength(4);
  }, 120_000); // a whole year of runs: beyond the default timeout when the machine runs other suites

  test('when a drill mail is read, then the code is only in the encrypted part and the subject says nothing secret', async () => {
    const [row] = await ctx.db
      .select()
      .from(drills)
      .where(and(eq(drills.teamId, teamsBySlug.get('berlin-csirt')!.id), eq(drills.cycle, '2026/2of2')));
    const { mail, code, link } = await secretOf(
      ctx,
      row.outboxId ?? '',
      teamsBySlug.get('berlin-csirt')!.privateKey ?? '',
    );
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(link).toContain(`/drills/${row.id}.`);
    expect(mail.subject).toBe(
      '[シーサート名簿] 連絡窓口の疎通確認 / Point of Contact reachability check (BERLIN-CSIRT)',
    );
    for (const part of [
      mail.subject,
      mail.textBody.replace(/-----BEGIN PGP MESSAGE-----[\s\S]+-----END PGP MESSAGE-----/, ''),
      mail.htmlBody.replace(/-----BEGIN PGP MESSAGE-----[\s\S]+-----END PGP MESSAGE-----/, ''),
    ]) {
      expect(part).not.toContain(code);
      expect(part).not.toContain(code.replace('-', ''));
    }
    // Japanese first.
    expect(mail.textBody.indexOf('疎通確認')).toBeLessThan(mail.textBody.indexOf('reachability check'));
  });

  test('when the run is repeated at the same instant, then nothing is sent twice', async () => {
    const before = await ctx.db.$count(outbox);
    const again = await runDrills(ctx, { now: ctx.clock.now() });
    expect([again.planned, again.sent, again.late, again.failed]).toEqual([0, 0, 0, 0]);
    expect(await ctx.db.$count(outbox)).toBe(before);
  });
});
