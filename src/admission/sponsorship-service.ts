/**
 * Sponsorship by member teams: during the sponsorship stage, editors of member teams endorse an applicant or
 * object with a reason, each team once. A team cannot sponsor an applicant of its own organisation. An objection
 * sends the application to decision at once, with the objection shown to the secretariat.
 */
import { eq, inArray } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { findTeamBySlug } from '../directory/queries';
import { teams } from '../directory/schema';
import { conflict, forbidden, notFound } from '../http/errors';
import { tellSecretariat } from './notify';
import { findApplication, listApplications, sponsorshipsOf, withoutLegalForm } from './queries';
import { type ApplicationRow, applications, sponsorships } from './schema';
import { applyTransition } from './transitions';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

/** Member teams the user may speak for: active teams where they are an editor. */
export async function sponsorTeamsOf(ctx: Pick<AppContext, 'db'>, user: SessionUser) {
  const ids = user.memberships.filter((m) => m.role === 'editor' && m.status === 'active').map((m) => m.teamId);
  if (ids.length === 0) return [];
  return ctx.db
    .select({
      id: teams.id,
      slug: teams.slug,
      shortName: teams.shortName,
      organizationJa: teams.organizationJa,
      organizationEn: teams.organizationEn,
      email: teams.email,
    })
    .from(teams)
    .where(inArray(teams.id, ids));
}

type SponsorTeam = Awaited<ReturnType<typeof sponsorTeamsOf>>[number];

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** Same organisation: the same organisation name (legal form aside) or the same mail domain. */
export function sameOrganization(team: SponsorTeam, app: ApplicationRow): boolean {
  const names = (ja: string, en: string) => [withoutLegalForm(ja), withoutLegalForm(en)].filter(Boolean);
  const ours = names(team.organizationJa, team.organizationEn);
  const theirs = names(app.entry.organization.ja, app.entry.organization.en);
  if (ours.some((n) => theirs.includes(n))) return true;
  return domainOf(team.email) === domainOf(app.entry.email) || domainOf(team.email) === domainOf(app.applicantEmail);
}

export async function applicationsForSponsors(ctx: Pick<AppContext, 'db'>, user: SessionUser) {
  authorize(user, 'read-members-area');
  const { rows } = await listApplications(ctx.db, { states: ['sponsorship'], limit: 200, offset: 0 });
  return rows;
}

const VISIBLE_TO_MEMBERS = ['sponsorship', 'decision', 'approved', 'rejected'];

export async function sponsorView(ctx: Ctx, user: SessionUser, id: string) {
  authorize(user, 'read-members-area');
  const app = await findApplication(ctx.db, id);
  // Applications before sponsorship are the secretariat's business only.
  if (!app || !VISIBLE_TO_MEMBERS.includes(app.state)) throw notFound();
  const [given, myTeams] = await Promise.all([sponsorshipsOf(ctx.db, app.id), sponsorTeamsOf(ctx, user)]);
  const endorsements = given.filter((s) => s.kind === 'endorse');
  return {
    app,
    endorsements: endorsements.map((s) => s.teamShortName),
    objections: given.filter((s) => s.kind === 'object').length,
    required: ctx.config.admission.sponsorsRequired,
    myTeams: myTeams.map((team) => ({
      slug: team.slug,
      shortName: team.shortName,
      given: given.find((s) => s.teamId === team.id)?.kind ?? null,
      ownOrganization: sameOrganization(team, app),
    })),
  };
}

export interface SponsorshipInput {
  team: string;
  kind: 'endorse' | 'object';
  reason: string;
}

export async function giveSponsorship(
  ctx: Ctx,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: SponsorshipInput,
): Promise<void> {
  const team = await findTeamBySlug(ctx.db, input.team);
  if (team?.status !== 'active') throw forbidden('sponsor');
  authorize(user, 'sponsor', team);
  const app = await findApplication(ctx.db, id);
  if (!app || !VISIBLE_TO_MEMBERS.includes(app.state)) throw notFound();
  if (app.state !== 'sponsorship') throw conflict('sponsorship_closed', 'sponsor.closed');
  if (sameOrganization(team, app)) throw conflict('own_organization', 'sponsor.ownOrganization');
  const now = ctx.clock.now();

  const insert = async (tx: Tx) => {
    const [row] = await tx
      .insert(sponsorships)
      .values({
        applicationId: app.id,
        teamId: team.id,
        userId: user.id,
        kind: input.kind,
        reason: input.reason,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: sponsorships.id });
    if (!row) throw conflict('already_sponsored', 'sponsor.already', { team: team.shortName });
  };
  const who = { ...actor, label: `${actor.label} for ${team.shortName}` };

  if (input.kind === 'endorse') {
    await ctx.db.transaction(async (tx) => {
      // Lock the application so an endorsement cannot slip in after an objection closed the stage.
      const [locked] = await tx
        .select({ state: applications.state })
        .from(applications)
        .where(eq(applications.id, app.id))
        .for('update');
      if (locked?.state !== 'sponsorship') throw conflict('sponsorship_closed', 'sponsor.closed');
      await insert(tx);
      await record(tx, who, now, {
        action: 'application.endorse',
        team: { id: team.id, shortName: team.shortName },
        target: `${app.entry.shortName} (${app.id})`,
      });
    });
    return;
  }
  const mailIds: string[] = [];
  await applyTransition(ctx, {
    applicationId: app.id,
    action: 'object',
    as: 'sponsor',
    actor: who,
    details: { team: team.shortName },
    andThen: async (tx, updated) => {
      await insert(tx);
      mailIds.push(...(await tellSecretariat(tx, ctx, updated, 'objection', `${team.shortName}: ${input.reason}`)));
    },
  });
  await ctx.mailer.deliver(mailIds);
}
