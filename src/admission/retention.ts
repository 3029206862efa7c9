/**
 * Application retention: an application that was rejected or withdrawn is kept whole for RETENTION_APPLICATION_DAYS
 * after that decision — long enough for an appeal, a new application or a question from the applicant — and then
 * its personal data are erased. Approved applications are not touched: they became a team, and their record is the
 * association's.
 *
 * Erased: the applicant's and the deputy's names, addresses and phone, the key, the secret link, the internal notes,
 * the decision's reason, the messages, the free text and contact fields of the applied-for entry (names,
 * introduction, addresses, phones, website, notes), the reasons member editors gave for endorsing or objecting and
 * which editor gave them, and in the audit log the application's name and the applicant's address and IP.
 *
 * Kept, so statistics and the register of decisions still add up: the state and its dates, the categorical fields
 * of the entry (region, industry, country, constituency types, services, languages, business hours, founding year),
 * the attestations and the checklist (yes/no), the decision reference (the committee's minute number), and which
 * member teams endorsed or objected.
 *
 * Safe in several instances at once: each page claims its rows with SKIP LOCKED in one transaction, and erased_at
 * marks a row done.
 */
import { sql } from 'drizzle-orm';
import { type Actor, record, SYSTEM_ACTOR } from '../audit/service';
import type { AppContext } from '../context';
import { rowsOf, type Tx } from '../db/client';
import { FIELD_LIST } from '../entry/fields';
import { applicationMessages, applications, sponsorships } from './schema';

const DAY_MS = 86_400_000;
const PAGE_SIZE = 200;

/** Entry fields that say nothing about a person: kept for statistics. Every other field is blanked. */
const KEPT_FIELDS: readonly string[] = [
  'foundedOn',
  'memberSince',
  'status',
  'country',
  'region',
  'industry',
  'constituencyTypes',
  'services',
  'businessHours',
  'timeZone',
  'languages',
];

/** A value of the same shape with nothing in it: pages that show an entry still find every part they expect. */
function blankLike(value: unknown): unknown {
  if (typeof value === 'string') return '';
  if (Array.isArray(value)) return [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blankLike(v)]));
  }
  return value ?? null;
}

/** The blanked fields of an erased entry (a field new to the registry is blanked unless listed as kept). */
export function blankEntryFields(): Record<string, unknown> {
  return Object.fromEntries(
    FIELD_LIST.filter(([name]) => !KEPT_FIELDS.includes(name)).map(([name, f]) => [name, blankLike(f.sample)]),
  );
}

/** The name an erased application goes by: its id's beginning, so the secretariat can still tell rows apart. */
export const erasedName = (id: string) => `erased-${id.slice(0, 8)}`;

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

/** Erases the closed applications past their retention period, a page at a time; answers how many. */
export async function eraseClosedApplications(
  ctx: Ctx,
  actor: Actor = SYSTEM_ACTOR,
  pageSize = PAGE_SIZE,
): Promise<number> {
  const now = ctx.clock.now();
  const before = new Date(now.getTime() - ctx.config.retention.applicationDays * DAY_MS);
  const blank = JSON.stringify(blankEntryFields());
  const kept = sql.raw(`array[${KEPT_FIELDS.map((f) => `'${f}'`).join(', ')}]`);
  let total = 0;
  for (;;) {
    const ids = await ctx.db.transaction(async (tx) => {
      const claimed = rowsOf<{ id: string }>(
        await tx.execute(sql`
          select id from ${applications}
          where state in ('rejected', 'withdrawn') and erased_at is null and state_changed_at < ${before}::timestamptz
          order by state_changed_at
          limit ${pageSize}
          for update skip locked`),
      ).map((r) => r.id);
      if (claimed.length === 0) return claimed;
      const idList = sql`array[${sql.join(
        claimed.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}]`;
      await tx.execute(sql`
        update ${applications} set
          entry = ${blank}::jsonb
            || coalesce((select jsonb_object_agg(k, v) from jsonb_each(entry) as e(k, v) where k = any(${kept})), '{}')
            || jsonb_build_object('shortName', 'erased-' || left(id::text, 8)),
          applicant_name = '', applicant_email = '', applicant_phone = null,
          deputy_name = null, deputy_email = null,
          key_armored = null, key_fingerprint = null,
          access_token_hash = 'erased:' || id::text,
          internal_notes = '', decision_reason = null,
          erased_at = ${now}::timestamptz, version = version + 1
        where id = any(${idList})`);
      await tx.execute(sql`delete from ${applicationMessages} where application_id = any(${idList})`);
      await tx.execute(
        sql`update ${sponsorships} set reason = '', user_id = null where application_id = any(${idList})`,
      );
      await scrubAudit(tx, claimed);
      await record(tx, actor, now, { action: 'application.erased', details: { applications: claimed } });
      return claimed;
    });
    total += ids.length;
    if (ids.length < pageSize) return total;
  }
}

/**
 * The audit entries of erased applications name them as `<short name> (<id>)`: the name goes, the id stays. The
 * applicant acted as `applicant <address>` from their own IP: both go. A rename recorded the names and the
 * application's creation the key's fingerprint: they go too.
 */
async function scrubAudit(tx: Tx, ids: string[]): Promise<void> {
  const targets = sql`array[${sql.join(
    ids.map((id) => sql`${`(${id})`}`),
    sql`, `,
  )}]::text[]`;
  await tx.execute(sql`
    update audit_log set
      target = 'erased-' || substr(right(target, 37), 1, 8) || ' ' || right(target, 38),
      actor = case when actor like 'applicant %' then 'applicant (erased)' else actor end,
      ip = case when actor_user_id is null then null else ip end,
      details = case
        when action = 'application.renamed' then details - 'from' - 'to'
        when action = 'application.created' then details - 'fingerprint'
        else details end
    where action like 'application.%' and right(target, 38) = any(${targets})`);
}
