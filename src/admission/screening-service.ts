/**
 * The secretariat's side of admission: the queue, the detail with its checklist and warnings, and the decisions
 * that move an application on. Every use case authorises the secretariat itself; routes only check first.
 */
import { and, eq } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import { addDays } from '../clock';
import type { AppContext } from '../context';
import { slugOf } from '../directory/entry';
import { conflict, HttpError, notFound } from '../http/errors';
import { checkKey } from '../keys/pgp';
import { tellApplicant, tellSecretariat, tellSponsors } from './notify';
import { createTeamFromApplication } from './onboarding';
import { findApplication, listApplications, messagesOf, nearDuplicates, sponsorshipsOf } from './queries';
import { type ApplicationRow, applicationMessages, applications } from './schema';
import { type ApplicationAction, type ApplicationState, allowedActions, OPEN_STATES } from './state';
import { applyTransition, type TransitionRequest } from './transitions';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

/** What the secretariat checks before members are asked to sponsor (the attested criteria among them). */
export const CHECKLIST_ITEMS = [
  'operatesAsCsirtInJapan',
  'agreesWithMission',
  'handlesInformationAppropriately',
  'organizationVerified',
  'contactsReachable',
  'keyReviewed',
  'notDuplicate',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export function checklistComplete(checklist: Record<string, boolean>): boolean {
  return CHECKLIST_ITEMS.every((item) => checklist[item] === true);
}

export async function applicationQueue(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  f: { state?: ApplicationState; minDays?: number; limit: number; offset: number },
) {
  authorize(user, 'administer');
  const changedBefore = f.minDays ? addDays(ctx.clock.now(), -f.minDays) : undefined;
  return listApplications(ctx.db, {
    states: f.state ? [f.state] : OPEN_STATES.filter((s) => s !== 'draft'),
    changedBefore,
    limit: f.limit,
    offset: f.offset,
  });
}

export async function applicationDetail(ctx: Ctx, user: SessionUser, id: string) {
  authorize(user, 'administer');
  const app = await findApplication(ctx.db, id);
  if (!app) throw notFound();
  const now = ctx.clock.now();
  const [sponsorships, messages, duplicates, keyCheck] = await Promise.all([
    sponsorshipsOf(ctx.db, app.id),
    messagesOf(ctx.db, app.id),
    nearDuplicates(ctx.db, app.entry, { applicationId: app.id, teamId: app.teamId }),
    app.keyArmored ? checkKey(app.keyArmored, { now, email: app.entry.email }) : Promise.resolve(null),
  ]);
  const endorsements = sponsorships.filter((s) => s.kind === 'endorse').length;
  return {
    app,
    teamSlug: app.teamId ? slugOf(app.entry.shortName) : null,
    sponsorships,
    messages,
    duplicates,
    keyCheck,
    actions: allowedActions(app.state, 'secretariat'),
    sponsorship: {
      endorsements,
      required: ctx.config.admission.sponsorsRequired,
      windowOver: app.objectionWindowEndsAt !== null && app.objectionWindowEndsAt <= now,
    },
  };
}

export async function saveScreeningNotes(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: { checklist: ChecklistItem[]; notes: string; version: number },
): Promise<void> {
  authorize(user, 'administer');
  const now = ctx.clock.now();
  const checklist = Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, input.checklist.includes(item)]));
  await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(applications)
      .set({ checklist, internalNotes: input.notes, version: input.version + 1 })
      .where(and(eq(applications.id, id), eq(applications.version, input.version)))
      .returning();
    if (!updated) {
      if (!(await findApplication(tx, id))) throw notFound();
      throw conflict('stale_application', 'admission.staleVersion');
    }
    await record(tx, actor, now, {
      action: 'application.screening_notes',
      target: `${updated.entry.shortName} (${updated.id})`,
      details: { checked: input.checklist },
    });
  });
}

export interface DecisionInput {
  version: number;
  /** request_info: the question; reject: the reason (both mailed to the applicant). */
  message?: string;
  /** approve / reject: the steering committee's decision (date, minute number). */
  reference?: string;
}

/** Carries out one of the secretariat's actions on an application; answers the team's slug on approval. */
export async function decide(
  ctx: Ctx,
  user: SessionUser,
  actor: Actor,
  id: string,
  action: ApplicationAction,
  input: DecisionInput,
): Promise<{ slug?: string }> {
  authorize(user, 'administer');
  const app = await findApplication(ctx.db, id);
  if (!app) throw notFound();
  const now = ctx.clock.now();
  const mailIds: string[] = [];
  let slug: string | undefined;
  const alsoSet: Partial<typeof applications.$inferInsert> = {};
  let andThen: TransitionRequest['andThen'];

  switch (action) {
    case 'start_screening':
      andThen = async (tx, updated) => {
        mailIds.push(...(await tellApplicant(tx, ctx, updated, 'screening')).mailIds);
      };
      break;
    case 'request_info':
      andThen = async (tx, updated) => {
        await tx
          .insert(applicationMessages)
          .values({ applicationId: app.id, author: 'secretariat', body: input.message ?? '', createdAt: now });
        mailIds.push(...(await tellApplicant(tx, ctx, updated, 'needs_info', input.message)).mailIds);
      };
      break;
    case 'open_sponsorship':
      if (app.state === 'screening' && !checklistComplete(app.checklist)) {
        throw conflict('checklist_incomplete', 'admission.checklistIncomplete');
      }
      Object.assign(alsoSet, {
        sponsorshipOpenedAt: now,
        objectionWindowEndsAt: addDays(now, ctx.config.admission.objectionWindowDays),
      });
      andThen = async (tx, updated) => {
        mailIds.push(...(await tellApplicant(tx, ctx, updated, 'sponsorship_applicant')).mailIds);
        mailIds.push(...(await tellSponsors(tx, ctx, updated)));
      };
      break;
    case 'close_sponsorship':
      await assertSponsorshipComplete(ctx, app, now);
      break;
    case 'approve':
      alsoSet.decisionReference = input.reference ?? null;
      andThen = async (tx, updated) => {
        const created = await createTeamFromApplication(tx, ctx, updated, actor, now);
        slug = created.slug;
        mailIds.push(...created.mailIds);
      };
      break;
    case 'reject':
      Object.assign(alsoSet, { decisionReason: input.message ?? null, decisionReference: input.reference ?? null });
      andThen = async (tx, updated) => {
        mailIds.push(...(await tellApplicant(tx, ctx, updated, 'rejected', input.message)).mailIds);
      };
      break;
    default:
      break;
  }
  await applyTransition(ctx, {
    applicationId: app.id,
    action,
    as: 'secretariat',
    actor,
    expectedVersion: input.version,
    alsoSet,
    details: input.reference ? { reference: input.reference } : undefined,
    andThen,
  });
  await ctx.mailer.deliver(mailIds);
  return { slug };
}

/** Enough endorsements from distinct teams, and the objection window over. */
async function assertSponsorshipComplete(ctx: Pick<AppContext, 'db' | 'config'>, app: ApplicationRow, now: Date) {
  if (app.state !== 'sponsorship') return; // the state machine answers 409 for this
  const endorsements = (await sponsorshipsOf(ctx.db, app.id)).filter((s) => s.kind === 'endorse').length;
  const required = ctx.config.admission.sponsorsRequired;
  if (endorsements < required) {
    throw conflict('not_enough_endorsements', 'admission.notEnoughEndorsements', { count: endorsements, required });
  }
  if (app.objectionWindowEndsAt && app.objectionWindowEndsAt > now) {
    throw conflict('objection_window_open', 'admission.objectionWindowOpen');
  }
}

/**
 * The scheduler's part: applications whose objection window is over and that have their endorsements go to
 * decision, and the secretariat is told. Safe to run again: each runs through the state machine once.
 */
export async function closeCompletedSponsorships(ctx: Ctx, actor: Actor): Promise<number> {
  const now = ctx.clock.now();
  const { rows } = await listApplications(ctx.db, { states: ['sponsorship'], limit: 500, offset: 0 });
  let closed = 0;
  for (const row of rows) {
    if (!row.objectionWindowEndsAt || row.objectionWindowEndsAt > now) continue;
    if (row.endorsements < ctx.config.admission.sponsorsRequired) continue;
    const mailIds: string[] = [];
    try {
      await applyTransition(ctx, {
        applicationId: row.id,
        action: 'close_sponsorship',
        as: 'system',
        actor,
        andThen: async (tx, updated) => {
          mailIds.push(...(await tellSecretariat(tx, ctx, updated, 'ready_for_decision')));
        },
      });
    } catch (err) {
      // Another instance (or an objection) moved it on meanwhile: nothing left to do for this one.
      if (err instanceof HttpError && err.status === 409) continue;
      throw err;
    }
    await ctx.mailer.deliver(mailIds);
    closed++;
  }
  return closed;
}
