/**
 * One run of the yearly loop and the key watch at an instant (`now` from the clock or the CLI's --now).
 *
 * Pages of candidate teams are read in due-date order; for each page, one transaction writes the reminder-log rows
 * (unique per team, kind, cycle and stage: ON CONFLICT DO NOTHING) and, for the rows it could write, the mails with
 * their confirmation links. So each stage of each cycle is sent exactly once: a rerun finds the log, a run that
 * dies half-way has committed whole pages only, and two instances racing on the same page write each row once.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { editorAddressesByTeam, secretariatAddresses } from '../accounts/recipients';
import { sponsorAddressesByTeam } from '../admission/queries';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { queueConfirmationReminders, queueKeyReminders } from './mails';
import {
  type ConfirmationCandidate,
  type Cursor,
  confirmationCandidates,
  type KeyCandidate,
  keyCandidates,
  sentOrders,
} from './queries';
import { reminderLog } from './schema';
import {
  type ConfirmationStage,
  confirmationCycle,
  confirmationStages,
  KEY_STAGES,
  type KeyStage,
  type LoggedStage,
  type Stage,
} from './stages';

type Ctx = Pick<AppContext, 'db' | 'config' | 'mailer'>;

export interface RunSummary {
  now: string;
  /** Teams with a confirmation stage to send in this run. */
  due: number;
  /** Mails queued (confirmation and key watch). */
  queued: number;
  /** Escalations (14 days overdue; the secretariat and sponsors in copy). */
  escalated: number;
  /** Teams that turned stale and were told so. */
  stale: number;
}

export interface RunOptions {
  now: Date;
  /** Count only: nothing is written or queued. */
  dryRun?: boolean;
  pageSize?: number;
  /** Told after each committed page (the CLI reports progress; a fault test kills the process there). */
  onPage?: (summary: RunSummary) => void;
}

const DEFAULT_PAGE = 500;

interface LogIntent {
  teamId: string;
  kind: 'confirmation' | 'key';
  cycle: string;
  stage: Stage<LoggedStage>;
  outboxId: string;
}

/** Writes the log rows that are new; answers the ones written (the others were sent by someone else). */
async function claimStages<I extends LogIntent>(tx: Tx, intents: I[], now: Date): Promise<I[]> {
  if (intents.length === 0) return [];
  const written = await tx
    .insert(reminderLog)
    .values(
      intents.map((i) => ({
        teamId: i.teamId,
        kind: i.kind,
        cycle: i.cycle,
        stage: i.stage.name,
        outboxId: i.outboxId,
        sentAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ outboxId: reminderLog.outboxId });
  const ids = new Set(written.map((w) => w.outboxId));
  return intents.filter((i) => ids.has(i.outboxId));
}

/** The stage to send for each candidate: reached, and neither it nor a later one sent for this cycle. */
async function pending<N extends string, C extends { teamId: string; stage: N | null }>(
  ctx: Ctx,
  kind: 'confirmation' | 'key',
  stages: Stage<N>[],
  page: C[],
  cycleOf: (c: C) => string,
): Promise<{ candidate: C; stage: Stage<N> }[]> {
  const reached = page.flatMap((candidate) => {
    const stage = stages.find((s) => s.name === candidate.stage);
    return stage ? [{ candidate, stage }] : [];
  });
  const sent = await sentOrders(
    ctx.db,
    kind,
    stages,
    reached.map(({ candidate }) => ({ teamId: candidate.teamId, cycle: cycleOf(candidate) })),
  );
  return reached.filter(
    ({ candidate, stage }) => (sent.get(`${candidate.teamId}/${cycleOf(candidate)}`) ?? 0) < stage.order,
  );
}

async function confirmationPage(
  ctx: Ctx,
  todo: { candidate: ConfirmationCandidate; stage: Stage<ConfirmationStage> }[],
  now: Date,
  secretariat: string[],
  summary: RunSummary,
): Promise<void> {
  const teamIds = todo.map((t) => t.candidate.teamId);
  const escalated = todo.filter((t) => t.stage.escalates).map((t) => t.candidate.teamId);
  const [editors, sponsors] = await Promise.all([
    editorAddressesByTeam(ctx.db, teamIds),
    sponsorAddressesByTeam(ctx.db, escalated),
  ]);
  await ctx.db.transaction(async (tx) => {
    const intents = todo.map((t) => ({
      teamId: t.candidate.teamId,
      kind: 'confirmation' as const,
      cycle: confirmationCycle(t.candidate.dueAt),
      stage: t.stage,
      outboxId: randomUUID(),
      candidate: t.candidate,
    }));
    const claimed = await claimStages(tx, intents, now);
    const queued = await queueConfirmationReminders(
      tx,
      ctx,
      claimed.map((c) => {
        const copy = [...(editors.get(c.teamId) ?? [])];
        if (c.stage.escalates) copy.push(...secretariat, ...(sponsors.get(c.teamId) ?? []));
        return { outboxId: c.outboxId, team: c.candidate, stage: c.stage.name, copy };
      }),
      now,
    );
    summary.queued += queued.length;
    summary.escalated += claimed.filter((c) => c.stage.escalates).length;
    summary.stale += claimed.filter((c) => c.stage.turnsStale).length;
  });
}

async function keyPage(
  ctx: Ctx,
  todo: { candidate: KeyCandidate; stage: Stage<KeyStage> }[],
  now: Date,
  summary: RunSummary,
) {
  const editors = await editorAddressesByTeam(
    ctx.db,
    todo.map((t) => t.candidate.teamId),
  );
  await ctx.db.transaction(async (tx) => {
    const intents = todo.map((t) => ({
      teamId: t.candidate.teamId,
      kind: 'key' as const,
      cycle: t.candidate.fingerprint,
      stage: t.stage,
      outboxId: randomUUID(),
      candidate: t.candidate,
    }));
    const claimed = await claimStages(tx, intents, now);
    const queued = await queueKeyReminders(
      tx,
      ctx,
      claimed.map((c) => ({
        outboxId: c.outboxId,
        team: c.candidate,
        stage: c.stage.name,
        fingerprint: c.candidate.fingerprint,
        expiresAt: c.candidate.expiresAt,
        copy: editors.get(c.teamId) ?? [],
      })),
    );
    summary.queued += queued.length;
  });
}

export async function runReminders(ctx: Ctx, opts: RunOptions): Promise<RunSummary> {
  const { now } = opts;
  const pageSize = opts.pageSize ?? DEFAULT_PAGE;
  const summary: RunSummary = { now: now.toISOString(), due: 0, queued: 0, escalated: 0, stale: 0 };
  const stages = confirmationStages(ctx.config.freshness.staleAfterDays);
  const secretariat = opts.dryRun ? [] : await secretariatAddresses(ctx.db);

  let cursor: Cursor | null = null;
  for (;;) {
    const page = await confirmationCandidates(ctx.db, stages, now, cursor, pageSize);
    if (page.length === 0) break;
    const last = page[page.length - 1];
    cursor = { at: last.dueAt, id: last.teamId };
    const todo = await pending(ctx, 'confirmation', stages, page, (c) => confirmationCycle(c.dueAt));
    summary.due += todo.length;
    if (opts.dryRun) {
      summary.queued += todo.length;
      summary.escalated += todo.filter((t) => t.stage.escalates).length;
      summary.stale += todo.filter((t) => t.stage.turnsStale).length;
    } else if (todo.length) {
      await confirmationPage(ctx, todo, now, secretariat, summary);
      opts.onPage?.(summary);
    }
    if (page.length < pageSize) break;
  }

  cursor = null;
  for (;;) {
    const page = await keyCandidates(ctx.db, KEY_STAGES, now, cursor, pageSize);
    if (page.length === 0) break;
    const last = page[page.length - 1];
    cursor = { at: last.expiresAt, id: last.keyId };
    const todo = await pending(ctx, 'key', KEY_STAGES, page, (c) => c.fingerprint);
    if (opts.dryRun) summary.queued += todo.length;
    else if (todo.length) {
      await keyPage(ctx, todo, now, summary);
      opts.onPage?.(summary);
    }
    if (page.length < pageSize) break;
  }
  return summary;
}

/** Refreshes the planner's statistics after a large run (the log and the outbox grow by thousands of rows). */
export async function analyzeAfterRun(ctx: Pick<AppContext, 'db'>): Promise<void> {
  await ctx.db.execute(sql`analyze reminder_log, outbox`);
}
