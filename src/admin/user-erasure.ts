/**
 * Erasing a user (the secretariat, on request or when a person leaves): the person disappears from the database,
 * while what they did stays readable and attributable to one stable someone. Everywhere the user's address (or
 * their "name <address>") is stored as who acted — the audit log's actor, target and details, the history of team
 * edits, confirmations, drill answers and campaigns, constituency claims, admission records and messages, mail —
 * it is replaced by a pseudonym, `erased-user-<10 hex>`: an HMAC of the user id under a key derived from
 * SESSION_SECRET, so the same user always gets the same pseudonym, two users never share one, and nobody without
 * the secret can tell who it was. Audit entries the user made lose their IP address.
 *
 * The user row stays, anonymised and disabled (its id is what the history points at); sessions, tokens, API
 * tokens, recovery codes and memberships go; mail still waiting for them is given up. The team entries they kept
 * are the teams' and are not touched.
 *
 * This sits in admin, above every folder whose tables it rewrites, so none of them has to know about it.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { eq, type SQL, sql } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import {
  apiTokens,
  rateLimitEvents,
  recoveryCodes,
  sessions,
  teamMemberships,
  tokens,
  users,
} from '../accounts/schema';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { conflict, notFound } from '../http/errors';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

/** The pseudonym of a user: stable, distinct per user, not reversible without SESSION_SECRET. */
export function userPseudonym(sessionSecret: string, userId: string): string {
  const key = Buffer.from(hkdfSync('sha256', sessionSecret, 'csirt-registry', 'user pseudonyms v1', 32));
  return `erased-user-${createHmac('sha256', key).update(userId).digest('hex').slice(0, 10)}`;
}

/** Where an erased user's address takes the place of an address (the user row, recipient lists). */
export const pseudonymAddress = (pseudonym: string) => `${pseudonym}@erased.invalid`;

/** Columns that may hold who acted (text, or jsonb searched as its text). */
const ACTOR_COLUMNS: readonly [table: string, column: string, kind: 'text' | 'jsonb'][] = [
  ['audit_log', 'actor', 'text'],
  ['audit_log', 'target', 'text'],
  ['audit_log', 'details', 'jsonb'],
  ['team_changes', 'actor', 'text'],
  ['teams', 'confirmed_by', 'text'],
  ['drills', 'answered_by', 'text'],
  ['drill_campaigns', 'created_by', 'text'],
  ['constituency_claims', 'created_by', 'text'],
  ['constituency_claims', 'verified_by', 'text'],
  ['imports', 'created_by', 'text'],
  ['imports', 'committed_by', 'text'],
  ['expected_keys', 'recorded_by', 'text'],
  ['announcements', 'created_by', 'text'],
  ['announcements', 'sent_by', 'text'],
  ['applications', 'internal_notes', 'text'],
  ['applications', 'decision_reason', 'text'],
  ['application_messages', 'body', 'text'],
  ['sponsorships', 'reason', 'text'],
  ['tokens', 'data', 'jsonb'],
  ['outbox', 'subject', 'text'],
  ['outbox', 'text_body', 'text'],
  ['outbox', 'html_body', 'text'],
  ['outbox', 'last_error', 'text'],
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The address as a whole word, in any letter case ("a@b.jp" is not found inside "xa@b.jp" or "a@b.jp.example"),
 * optionally with the display name before it as `name <address>` (how invitations name their inviter).
 */
function addressPattern(email: string, name: string): string {
  const address = `(?<![[:alnum:]._%+-])${escapeRegExp(email)}(?![[:alnum:]-]|\\.[[:alnum:]])`;
  return name ? `(${escapeRegExp(name)} <${escapeRegExp(email)}>|${address})` : address;
}

export type ErasureResult = { kind: 'erased'; pseudonym: string } | { kind: 'already'; pseudonym: string };

export async function eraseUser(ctx: Ctx, user: SessionUser, actor: Actor, userId: string): Promise<ErasureResult> {
  authorize(user, 'administer');
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw notFound('error.userNotFound');
  if (userId === user.id) throw conflict('erase_self', 'admin.users.eraseSelf');
  const pseudonym = userPseudonym(ctx.config.sessionSecret, userId);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx): Promise<ErasureResult> => {
    const [target] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!target) throw notFound('error.userNotFound');
    if (target.erasedAt) return { kind: 'already', pseudonym };
    const pattern = addressPattern(target.email, target.name);
    // Entries the user made name them by whatever label they had then; their IP address is theirs too.
    await tx.execute(sql`update audit_log set actor = ${pseudonym}, ip = null where actor_user_id = ${userId}::uuid`);
    await tx.execute(sql`update team_changes set actor = ${pseudonym} where user_id = ${userId}::uuid`);
    await eraseApplicantFields(tx, target.email, pseudonym);
    await eraseMailTo(tx, target.email, pseudonym);
    for (const [table, column, kind] of ACTOR_COLUMNS) await replaceIn(tx, table, column, kind, pattern, pseudonym);
    await tx.delete(teamMemberships).where(eq(teamMemberships.userId, userId));
    await tx.delete(apiTokens).where(eq(apiTokens.userId, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.delete(tokens).where(sql`${tokens.userId} = ${userId}::uuid or ${tokens.email} = ${target.email}`);
    await tx.delete(rateLimitEvents).where(sql`${rateLimitEvents.key} ~* ${pattern}`);
    // Passport keeps the user id in the session: every login of the user ends here.
    await tx.delete(sessions).where(sql`${sessions.sess} -> 'passport' ->> 'user' = ${userId}`);
    await tx
      .update(users)
      .set({
        email: pseudonymAddress(pseudonym),
        name: '',
        passwordHash: null,
        isSecretariat: false,
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        disabledAt: target.disabledAt ?? now,
        erasedAt: now,
      })
      .where(eq(users.id, userId));
    await record(tx, actor, now, { action: 'user.erased', target: pseudonym, details: { pseudonym } });
    return { kind: 'erased', pseudonym };
  });
}

async function replaceIn(
  tx: Tx,
  table: string,
  column: string,
  kind: 'text' | 'jsonb',
  pattern: string,
  pseudonym: string,
): Promise<void> {
  const col = sql.identifier(column);
  const asText = sql`${col}::text`;
  const replaced = sql`regexp_replace(${asText}, ${pattern}, ${pseudonym}, 'gi')`;
  await tx.execute(sql`
    update ${sql.identifier(table)} set ${col} = ${kind === 'jsonb' ? sql`${replaced}::jsonb` : replaced}
    where ${asText} ~* ${pattern}`);
}

/** An application the user sent (or was the deputy of): the person's name and phone go with the address. */
async function eraseApplicantFields(tx: Tx, email: string, pseudonym: string): Promise<void> {
  const address = pseudonymAddress(pseudonym);
  await tx.execute(sql`
    update applications set applicant_name = ${pseudonym}, applicant_email = ${address}, applicant_phone = null
    where applicant_email = ${email}`);
  await tx.execute(sql`
    update applications set deputy_name = ${pseudonym}, deputy_email = ${address} where deputy_email = ${email}`);
}

/**
 * Mail to the user. Mail to them alone (invitations, resets: about the user) is emptied, and given up if it was
 * still waiting — there is nobody left to deliver it to. Waiting mail to others as well goes to the others only.
 * Delivered mail keeps its record with the pseudonym in the user's place.
 */
async function eraseMailTo(tx: Tx, email: string, pseudonym: string): Promise<void> {
  const address = pseudonymAddress(pseudonym);
  const isUser = sql`lower(a) = lower(${email})`;
  const swap = (column: SQL) =>
    sql`array(select case when ${isUser} then ${address} else a end from unnest(${column}) with ordinality as u(a, n) order by n)`;
  const without = (column: SQL) =>
    sql`array(select a from unnest(${column}) with ordinality as u(a, n) where not ${isUser} order by n)`;
  const has = (column: SQL) => sql`exists (select 1 from unnest(${column}) as u(a) where ${isUser})`;
  const waiting = sql`status in ('pending', 'failed', 'sending')`;
  const alone = sql`not exists (select 1 from unnest(to_addresses) as u(a) where not ${isUser})`;
  await tx.execute(sql`
    update outbox set to_addresses = ${without(sql`to_addresses`)}, cc_addresses = ${without(sql`cc_addresses`)}
    where ${waiting} and not ${alone} and (${has(sql`to_addresses`)} or ${has(sql`cc_addresses`)})`);
  await tx.execute(sql`
    update outbox set
      to_addresses = ${swap(sql`to_addresses`)}, cc_addresses = ${swap(sql`cc_addresses`)},
      subject = case when ${alone} then '' else subject end,
      text_body = case when ${alone} then '' else text_body end,
      html_body = case when ${alone} then '' else html_body end,
      sealed_links = case when ${alone} then null else sealed_links end,
      last_error = case when ${waiting} then 'recipient erased' else last_error end,
      status = case when ${waiting} then 'dead' else status end,
      next_attempt_at = case when ${waiting} then null else next_attempt_at end,
      locked_until = null
    where ${has(sql`to_addresses`)} or ${has(sql`cc_addresses`)}`);
}
