/**
 * Sponsorship by member teams: during the sponsorship stage, editors of member teams endorse an applicant or
 * object with a reason, each team once. A team cannot sponsor an applicant of its own organisation. An objection
 * sends the application to decision at once, with the objection shown to the secretariat.
 */
import { eq } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { findTeamBySlug } from '../entry/queries';
import { conflict, forbidden, notFound } from '../http/errors';
import { tellSecretariat } from './notify';
import { sponsorOptions } from './options';
import { findApplication, listApplications, sponsorshipsOf } from './queries';
import { applications, sponsorships } from './schema';
import { applyTransition } from './transitions';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

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
  const given = await sponsorshipsOf(ctx.db, app.id);
  const endorsements = given.filter((s) => s.kind === 'endorse');
  const options = await sponsorOptions(ctx, user, app, given);
  return {
    app,
    endorsements: endorsements.map((s) => s.teamShortName),
    objections: given.filter((s) => s.kind === 'object').length,
    required: ctx.config.admission.sponsorsRequired,
    myTeams: options.map((o) => ({
      slug: o.team.slug,
      shortName: o.team.shortName,
      given: o.given,
      ownOrganization: o.ownOrganization,
      endorse: o.endorse,
      object: o.object,
    })),
  };
}

interface SponsorshipInput {
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
  // The page's own options decide: what it offered goes through, anything else is refused for the reason it showed.
  const option = (await sponsorOptions(ctx, user, app, await sponsorshipsOf(ctx.db, app.id))).find(
    (o) => o.team.id === team.id,
  );
  if (!option) throw forbidden('sponsor');
  const blocked = option[input.kind];
  if (blocked) throw conflict(blocked.code, blocked.messageKey, blocked.params);
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
