/**
 * Approval turns an application into a member team, inside the approving transaction: the team entry (its first
 * confirmation cycle starting now), its key, invitations to the applicant's contacts as the team's editors, the
 * announcement to members and the applicant's mail. If any part fails, nothing of it happened.
 */
import { eq, or } from 'drizzle-orm';
import { issueInvitation } from '../accounts/invitation-service';
import { memberAddresses } from '../accounts/recipients';
import type { Actor } from '../audit/service';
import { record } from '../audit/service';
import { dayIn } from '../clock';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { slugOf, toTeamRow } from '../entry/entry';
import { teams } from '../entry/schema';
import { conflict } from '../http/errors';
import { teamKeys } from '../keys/schema';
import { keyRowFrom } from '../keys/service';
import { checkKey } from '../pgp';
import { announceToMembers, tellApplicant } from './notify';
import { type ApplicationRow, applications } from './schema';

type Ctx = Pick<AppContext, 'config' | 'mailer'>;

export async function createTeamFromApplication(
  tx: Tx,
  ctx: Ctx,
  app: ApplicationRow,
  actor: Actor,
  now: Date,
): Promise<{ teamId: string; slug: string; mailIds: string[] }> {
  const slug = slugOf(app.entry.shortName);
  const [clash] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(or(eq(teams.slug, slug), eq(teams.shortName, app.entry.shortName)));
  const taken = () => conflict('short_name_taken', 'admission.shortNameClash', { shortName: app.entry.shortName });
  if (clash) throw taken();
  // The key was checked when the applicant sent it; it may have expired or been revoked since.
  const check = app.keyArmored ? await checkKey(app.keyArmored, { now, email: app.entry.email }) : null;
  if (!check?.ok || !check.key) throw conflict('key_no_longer_valid', 'admission.keyNoLongerValid');

  // Members to announce to, read before the new team's own users exist.
  const members = await memberAddresses(tx);
  const entry = { ...app.entry, memberSince: dayIn(ctx.config.displayTimeZone, now), status: 'active' as const };
  const [team] = await tx
    .insert(teams)
    .values(toTeamRow(entry, { at: now, by: `admission ${app.applicantEmail}` }, ctx.config.freshness))
    .returning({ id: teams.id, slug: teams.slug, shortName: teams.shortName })
    .catch((err: unknown) => {
      // Two approvals of the same name at once: the unique index decides, and the loser hears why (not a 500).
      if ((err as { cause?: { code?: string } }).cause?.code === '23505') throw taken();
      throw err;
    });
  await tx.insert(teamKeys).values({
    ...keyRowFrom(check.key, team.id, { role: 'current', now }),
    warnings: check.warnings.map((w) => w.code),
  });
  await tx.update(applications).set({ teamId: team.id }).where(eq(applications.id, app.id));
  await record(tx, actor, now, {
    action: 'team.created',
    team: { id: team.id, shortName: team.shortName },
    target: team.slug,
    details: { application: app.id, fingerprint: check.fingerprint },
  });

  const mailIds: string[] = [];
  const teamRef = { id: team.id, shortName: team.shortName };
  const contacts = [{ email: app.applicantEmail, name: app.applicantName }];
  if (app.deputyEmail && app.deputyEmail.toLowerCase() !== app.applicantEmail.toLowerCase()) {
    contacts.push({ email: app.deputyEmail, name: app.deputyName ?? '' });
  }
  for (const contact of contacts) {
    const invited = await issueInvitation(
      tx,
      ctx,
      { id: actor.userId, label: actor.label },
      actor,
      { ...contact, team: teamRef, role: 'editor', locale: app.applicantLocale },
      now,
    );
    mailIds.push(invited.mailId);
  }
  mailIds.push(...(await tellApplicant(tx, ctx, app, 'approved')).mailIds);
  mailIds.push(...(await announceToMembers(tx, ctx, app, members, team.slug)));
  return { teamId: team.id, slug: team.slug, mailIds };
}
