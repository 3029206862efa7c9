import { eq } from 'drizzle-orm';
import { markVerified, recordDnsCheck } from '../../src/constituency/queries';
import { insertPlanned, updateDrill } from '../../src/drills/queries';
import { drills } from '../../src/drills/schema';
import { directoryGeneration } from '../../src/entry/schema';
import { recheckKeys } from '../../src/keys/recheck';
import { teamKeys } from '../../src/keys/schema';
import { createClaims, createTeam } from '../factories';
import { createTestContext } from '../helpers/app';

/**
 * The directory generation (what every cached directory read is keyed by) moves when something a reader sees
 * changes, and stays put for bookkeeping no reader sees: a nightly DNS check or a drill run must not empty the cache
 * of every instance hundreds of times.
 */
describe('directory generation', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let teamId: string;
  const generation = async () =>
    (await ctx.db.select().from(directoryGeneration).where(eq(directoryGeneration.id, 1)))[0]?.value ?? -1;
  /** Whether `change` moved the generation. */
  const bumps = async (change: () => Promise<unknown>) => {
    const before = await generation();
    await change();
    return (await generation()) !== before;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    teamId = (await createTeam(ctx, { shortName: 'GEN-CSIRT' }, { withKey: false })).id;
  });
  afterAll(() => ctx.close());

  test('when a domain proof is checked and not found, then the generation stays; when it is verified, it moves', async () => {
    const [claim] = await createClaims(ctx, teamId, ['gen-csirt.example.jp']);
    const now = ctx.clock.now();
    expect(await bumps(() => recordDnsCheck(ctx.db, claim.id, now, 'absent', false))).toBe(false);
    expect(await bumps(() => recordDnsCheck(ctx.db, claim.id, now, 'found', true))).toBe(true);
    expect(await bumps(() => createClaims(ctx, teamId, ['192.0.2.0/28']))).toBe(true);
  });

  test('when a claim is confirmed by the secretariat, then the generation moves', async () => {
    const [claim] = await createClaims(ctx, teamId, ['AS64500']);
    expect(await bumps(() => markVerified(ctx.db, claim.id, ctx.clock.now(), 'secretariat@test.example'))).toBe(true);
  });

  test('when drills are planned and sent, then the generation stays; when one ends in a result, it moves', async () => {
    const now = ctx.clock.now();
    expect(await bumps(() => insertPlanned(ctx.db, [{ teamId, cycle: '2026-2', plannedAt: now }]))).toBe(false);
    const [drill] = await ctx.db.select().from(drills).where(eq(drills.teamId, teamId));
    expect(await bumps(() => updateDrill(ctx.db, drill.id, { state: 'sent', sentAt: now }))).toBe(false);
    expect(await bumps(() => updateDrill(ctx.db, drill.id, { state: 'answered', answeredAt: now }))).toBe(true);
    expect(await bumps(() => updateDrill(ctx.db, drill.id, { answeredBy: 'editor@test.example' }))).toBe(false);
    expect(await bumps(() => ctx.db.delete(drills).where(eq(drills.id, drill.id)))).toBe(true);
  });

  test('when the daily recheck finds a key unchanged, then the generation stays; when a key changes, it moves', async () => {
    const keyed = await createTeam(ctx, { shortName: 'GEN-KEY-CSIRT' });
    const summary = await recheckKeys(ctx, ctx.clock.now());
    expect(summary.checked).toBeGreaterThan(0);
    expect(summary.changed).toBe(0);
    expect(await bumps(() => recheckKeys(ctx, ctx.clock.now()))).toBe(false);
    expect(
      await bumps(() => ctx.db.update(teamKeys).set({ status: 'revoked' }).where(eq(teamKeys.teamId, keyed.id))),
    ).toBe(true);
  });
});
