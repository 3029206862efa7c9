import { eq, sql } from 'drizzle-orm';
import { DAY_MS } from '../../src/clock';
import { confirmationCandidates, keyCandidates, sentOrders } from '../../src/reminders/queries';
import { reminderLog } from '../../src/reminders/schema';
import { confirmationStages, KEY_STAGES, type LoggedStage, MANUAL_STAGE, type Stage } from '../../src/reminders/stages';
import { createTeam } from '../factories';
import { createTestContext, type TestContext } from '../helpers/app';

/** The rule in TypeScript, from the same list: the stage latest in it whose beginning has passed. */
function stageAt<N extends string>(stages: Stage<N>[], anchor: Date, now: Date): N | null {
  let reached: N | null = null;
  for (const stage of stages) {
    if (now.getTime() >= anchor.getTime() + stage.offsetDays * DAY_MS) reached = stage.name;
  }
  return reached;
}

/** Instants around each stage's beginning, down to the millisecond on either side. */
const AROUND = [-DAY_MS, -3_600_000, -1000, -1, 0, 1, 1000, 3_600_000, DAY_MS];

function instantsAround(stages: Stage[], anchor: Date): Date[] {
  return stages.flatMap((s) => AROUND.map((d) => new Date(anchor.getTime() + s.offsetDays * DAY_MS + d)));
}

// Milliseconds in the anchor: a rounding to the second on either side would move a boundary.
const ANCHOR = new Date('2027-03-10T05:17:23.456Z');

describe('the stage reached, in the SQL of the run and in TypeScript', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  test.each([30, 14, 10, 1])(
    'when the stale stage begins %i days past due and the run looks at instants around every stage boundary, then the confirmation query reaches the stage the list says',
    async (staleAfterDays) => {
      const team = await createTeam(ctx, { shortName: `EDGE-C${staleAfterDays}` }, { withKey: false });
      await ctx.db.execute(sql`update teams set confirmation_due_at = ${ANCHOR}::timestamptz where id = ${team.id}`);
      const stages = confirmationStages(staleAfterDays);
      const seen = new Set<string | null>();
      for (const now of instantsAround(stages, ANCHOR)) {
        const page = await confirmationCandidates(ctx.db, stages, now, null, 1000);
        // A team outside the look-ahead is not read at all: nothing reached.
        const found = page.find((c) => c.teamId === team.id)?.stage ?? null;
        expect({ now: now.toISOString(), stage: found }).toEqual({
          now: now.toISOString(),
          stage: stageAt(stages, ANCHOR, now),
        });
        seen.add(found);
      }
      // Not vacuous: every stage that no later one overtakes was reached, and so was "nothing yet".
      const reachable = stages.filter((s) => !stages.some((t) => t.order > s.order && t.offsetDays <= s.offsetDays));
      expect([...seen].sort()).toEqual([...reachable.map((s) => s.name), null].sort());
      await ctx.db.execute(sql`update teams set status = 'withdrawn' where id = ${team.id}`);
    },
  );

  test('when the key watch looks at instants around every stage boundary of a key, then the key query reaches the stage the list says', async () => {
    const team = await createTeam(ctx, { shortName: 'EDGE-K' }, { keyCreatedDaysAgo: 10, keyValidDays: 3650 });
    await ctx.db.execute(sql`update team_keys set expires_at = ${ANCHOR}::timestamptz where team_id = ${team.id}`);
    const seen = new Set<string | null>();
    for (const now of instantsAround(KEY_STAGES, ANCHOR)) {
      const page = await keyCandidates(ctx.db, KEY_STAGES, now, null, 1000);
      const found = page.find((c) => c.teamId === team.id)?.stage ?? null;
      expect({ now: now.toISOString(), stage: found }).toEqual({
        now: now.toISOString(),
        stage: stageAt(KEY_STAGES, ANCHOR, now),
      });
      seen.add(found);
    }
    expect([...seen].sort()).toEqual([...KEY_STAGES.map((s) => s.name), null].sort());
  });

  test('when a stage of each list has been logged, then the run reads back its position in the list, and a manual reminder counts as none', async () => {
    const team = await createTeam(ctx, { shortName: 'EDGE-LOG' }, { withKey: false });
    const confirmation = confirmationStages(30);
    const logged: { kind: 'confirmation' | 'key'; stage: LoggedStage; order: number }[] = [
      ...confirmation.map((s) => ({ kind: 'confirmation' as const, stage: s.name, order: s.order })),
      ...KEY_STAGES.map((s) => ({ kind: 'key' as const, stage: s.name, order: s.order })),
      { kind: 'confirmation' as const, stage: MANUAL_STAGE, order: 0 },
    ];
    await ctx.db
      .insert(reminderLog)
      .values(
        logged.map((l, i) => ({ teamId: team.id, kind: l.kind, cycle: `cycle-${i}`, stage: l.stage, sentAt: ANCHOR })),
      );
    for (const [i, l] of logged.entries()) {
      const stages = l.kind === 'key' ? KEY_STAGES : confirmation;
      const sent = await sentOrders(ctx.db, l.kind, stages, [{ teamId: team.id, cycle: `cycle-${i}` }]);
      expect([l.stage, sent.get(`${team.id}/cycle-${i}`)]).toEqual([l.stage, l.order]);
    }
    await ctx.db.delete(reminderLog).where(eq(reminderLog.teamId, team.id));
  });
});
