/**
 * The reminder run's reads, written for 100,000 teams: keyset pages over the due-date (or expiry) index, each page
 * already stripped of teams whose current stage (or a later one) was sent, so a rerun reads little.
 *
 * The stage expressions are built from the stage lists (stages.ts): no stage name, offset or order is written here.
 */
import { type SQL, sql } from 'drizzle-orm';
import { DAY_MS } from '../clock';
import { type DbOrTx, rowsOf } from '../db/client';
import { type ConfirmationStage, type KeyStage, lookaheadDays, type Stage } from './stages';

/**
 * The latest stage reached at `now` for a cycle anchored at `anchor`, or null before the first: `case when now >=
 * anchor + offset(last) then name(last) … else null end`. Latest by order, so a stale stage set to begin before the
 * escalation still wins once reached.
 */
export function stageReachedSql(stages: Stage[], anchor: SQL, now: Date): SQL {
  const whens = [...stages]
    .sort((a, b) => b.order - a.order)
    .map(
      (s) => sql`when ${now}::timestamptz >= ${anchor} + make_interval(days => ${s.offsetDays}) then ${s.name}::text`,
    );
  return sql`(case ${sql.join(whens, sql` `)} else null end)`;
}

/** The order of a logged stage name in `stages`; 0 for a name outside them (a manual reminder, a retired stage). */
export function stageOrderSql(stages: Stage[], name: SQL): SQL {
  const whens = stages.map((s) => sql`when ${s.name}::text then ${s.order}::int`);
  return sql`(case ${name} ${sql.join(whens, sql` `)} else 0 end)`;
}

export interface ConfirmationCandidate {
  teamId: string;
  slug: string;
  shortName: string;
  email: string;
  dueAt: Date;
  confirmedAt: Date | null;
  encryptMail: boolean;
  /** The latest stage reached, or null before the first. */
  stage: ConfirmationStage | null;
}

export interface Cursor {
  at: Date;
  id: string;
}

export async function confirmationCandidates(
  db: DbOrTx,
  stages: Stage<ConfirmationStage>[],
  now: Date,
  after: Cursor | null,
  limit: number,
): Promise<ConfirmationCandidate[]> {
  const horizon = new Date(now.getTime() + lookaheadDays(stages) * DAY_MS);
  const stage = stageReachedSql(stages, sql`t.confirmation_due_at`, now);
  const page = after ? sql`and (t.confirmation_due_at, t.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
  const result = await db.execute(sql`
    select t.id as "teamId", t.slug, t.short_name as "shortName", t.email, t.confirmation_due_at as "dueAt",
           t.confirmed_at as "confirmedAt", t.encrypt_mail as "encryptMail", ${stage} as stage
    from teams t
    where t.status = 'active' and t.confirmation_due_at <= ${horizon}::timestamptz ${page}
    order by t.confirmation_due_at, t.id
    limit ${limit}`);
  // The page is cut before filtering so the cursor always advances; the run filters the stage and the log itself.
  return rowsOf<ConfirmationCandidate>(result).map((r) => ({
    ...r,
    dueAt: new Date(r.dueAt),
    confirmedAt: r.confirmedAt ? new Date(r.confirmedAt) : null,
  }));
}

export interface KeyCandidate {
  keyId: string;
  fingerprint: string;
  expiresAt: Date;
  teamId: string;
  slug: string;
  shortName: string;
  email: string;
  encryptMail: boolean;
  stage: KeyStage | null;
}

/** Current keys with an expiry within the watch, unless a next key already takes over after it. */
export async function keyCandidates(
  db: DbOrTx,
  stages: Stage<KeyStage>[],
  now: Date,
  after: Cursor | null,
  limit: number,
): Promise<KeyCandidate[]> {
  const horizon = new Date(now.getTime() + lookaheadDays(stages) * DAY_MS);
  const stage = stageReachedSql(stages, sql`k.expires_at`, now);
  const page = after ? sql`and (k.expires_at, k.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
  const result = await db.execute(sql`
    select k.id as "keyId", k.fingerprint, k.expires_at as "expiresAt", t.id as "teamId", t.slug,
           t.short_name as "shortName", t.email, t.encrypt_mail as "encryptMail", ${stage} as stage
    from team_keys k join teams t on t.id = k.team_id
    where t.status = 'active' and k.role = 'current' and k.expires_at is not null
      and k.expires_at <= ${horizon}::timestamptz ${page}
      and not exists (select 1 from team_keys n where n.team_id = k.team_id and n.role = 'next'
                      and (n.expires_at is null or n.expires_at > k.expires_at))
    order by k.expires_at, k.id
    limit ${limit}`);
  return rowsOf<KeyCandidate>(result).map((r) => ({ ...r, expiresAt: new Date(r.expiresAt) }));
}

/**
 * For a page of candidates: the highest order (in `stages`) of the stages already sent per team in each one's cycle,
 * read from the logged names (0: none).
 */
export async function sentOrders(
  db: DbOrTx,
  kind: 'confirmation' | 'key',
  stages: Stage[],
  pairs: { teamId: string; cycle: string }[],
): Promise<Map<string, number>> {
  if (pairs.length === 0) return new Map();
  const values = sql.join(
    pairs.map((p) => sql`(${p.teamId}::uuid, ${p.cycle})`),
    sql`, `,
  );
  const result = await db.execute(sql`
    select r.team_id as "teamId", r.cycle, max(${stageOrderSql(stages, sql`r.stage`)}) as "order"
    from reminder_log r join (values ${values}) as p(team_id, cycle) on p.team_id = r.team_id and p.cycle = r.cycle
    where r.kind = ${kind}
    group by r.team_id, r.cycle`);
  const orders = new Map<string, number>();
  for (const row of rowsOf<{ teamId: string; cycle: string; order: number }>(result)) {
    orders.set(`${row.teamId}/${row.cycle}`, Number(row.order));
  }
  return orders;
}
