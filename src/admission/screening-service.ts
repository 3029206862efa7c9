/**
 * The secretariat's side of admission: the queue, the detail with its checklist and warnings, and the decisions
 * that move an application on. Every use case authorises the secretariat itself; routes only check first.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import { addDays } from '../clock';
import type { AppContext } from '../context';
import { slugOf } from '../entry/entry';
import { conflict, HttpError, notFound } from '../http/errors';
import { tellApplicant, tellSecretariat, tellSponsors } from './notify';
import { createTeamFromApplication } from './onboarding';
import {
  CHECKLIST_ITEMS,
  type ChecklistItem,
  closeBlocker,
  endorsementCount,
  factsOf,
  secretariatOptions,
} from './options';
import { findApplication, listApplications, messagesOf, nearDuplicates, shortNameClashes } from './queries';
import { applicationMessages, applications } from './schema';
import { type ApplicationAction, type ApplicationState, OPEN_STATES } from './state';
import { applyTransition, type TransitionRequest } from './transitions';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

export { CHECKLIST_ITEMS, type ChecklistItem, checklistComplete } from './options';

/** States in which the secretariat may give the application another short name (a clash found in screening). */
const RENAMABLE_STATES: readonly ApplicationState[] = [
  'submitted',
  'screening',
  'needs_info',
  'sponsorship',
  'decision',
];

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
  const [facts, messages, duplicates] = await Promise.all([
    factsOf(ctx, app),
    messagesOf(ctx.db, app.id),
    nearDuplicates(ctx.db, app.entry, { applicationId: app.id, teamId: app.teamId }),
  ]);
  const required = ctx.config.admission.sponsorsRequired;
  return {
    app,
    teamSlug: app.teamId ? slugOf(app.entry.shortName) : null,
    sponsorships: facts.sponsorships,
    messages,
    duplicates,
    clashes: facts.clashes,
    keyCheck: facts.keyCheck,
    options: secretariatOptions(app, facts, required),
    renamable: RENAMABLE_STATES.includes(app.state),
    sponsorship: {
      endorsements: endorsementCount(facts),
      required,
      windowOver: app.objectionWindowEndsAt !== null && app.objectionWindowEndsAt <= facts.now,
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
      .where(and(eq(applications.id, id), eq(applications.version, input.version), isNull(applications.erasedAt)))
      .returning();
    if (!updated) {
      const current = await findApplication(tx, id);
      if (!current) throw notFound();
      // Notes on an application whose personal data were erased would bring personal data back.
      if (current.erasedAt) throw conflict('application_erased', 'admission.erasedLocked');
      throw conflict('stale_application', 'admission.staleVersion');
    }
    await record(tx, actor, now, {
      action: 'application.screening_notes',
      target: `${updated.entry.shortName} (${updated.id})`,
      details: { checked: input.checklist },
    });
  });
}

/**
 * Gives an application another short name, agreed with the applicant, when screening found the name held by a team
 * or another application (approval needs it free). The new name must be free of every holder too.
 */
export async function renameApplication(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: { shortName: string; version: number },
): Promise<void> {
  authorize(user, 'administer');
  if (!(await findApplication(ctx.db, id))) throw notFound(); // also refuses an id that is no UUID, before SQL sees it
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [app] = await tx.select().from(applications).where(eq(applications.id, id)).for('update');
    if (!app) throw notFound();
    if (!RENAMABLE_STATES.includes(app.state)) {
      throw conflict('invalid_transition', 'admission.renameClosed', { state: `msg:admission.state.${app.state}` });
    }
    if (app.version !== input.version) throw conflict('stale_application', 'admission.staleVersion');
    if ((await shortNameClashes(tx, input.shortName, { applicationId: app.id, teamId: app.teamId })).length > 0) {
      throw conflict('short_name_taken', 'admission.shortNameClash', { shortName: input.shortName });
    }
    await tx
      .update(applications)
      .set({ entry: { ...app.entry, shortName: input.shortName }, version: app.version + 1 })
      .where(eq(applications.id, app.id));
    await record(tx, actor, now, {
      action: 'application.renamed',
      target: `${input.shortName} (${app.id})`,
      details: { from: app.entry.shortName, to: input.shortName },
    });
  });
}

interface DecisionInput {
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
  // The same options the page offered: an action it showed goes through, one it did not is refused for its reason.
  // (An action the state does not allow is left to the state machine, which answers 409 naming state and action.)
  const option = secretariatOptions(app, await factsOf(ctx, app), ctx.config.admission.sponsorsRequired).find(
    (o) => o.action === action,
  );
  if (option?.blocked) throw conflict(option.blocked.code, option.blocked.messageKey, option.blocked.params);
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
      Object.assign(alsoSet, {
        sponsorshipOpenedAt: now,
        objectionWindowEndsAt: addDays(now, ctx.config.admission.objectionWindowDays),
      });
      andThen = async (tx, updated) => {
        mailIds.push(...(await tellApplicant(tx, ctx, updated, 'sponsorship_applicant')).mailIds);
        mailIds.push(...(await tellSponsors(tx, ctx, updated)));
      };
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

/**
 * The scheduler's part: applications whose objection window is over and that have their endorsements go to
 * decision, and the secretariat is told. Safe to run again: each runs through the state machine once.
 */
export async function closeCompletedSponsorships(ctx: Ctx, actor: Actor): Promise<number> {
  const now = ctx.clock.now();
  const { rows } = await listApplications(ctx.db, { states: ['sponsorship'], limit: 500, offset: 0 });
  let closed = 0;
  for (const row of rows) {
    // The rule the secretariat's button follows (options.ts); a window never set is never over.
    if (!row.objectionWindowEndsAt) continue;
    if (closeBlocker(row, row.endorsements, now, ctx.config.admission.sponsorsRequired)) continue;
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
