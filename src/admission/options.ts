/**
 * What each person can do with an application now: the one definition both the pages (which buttons to offer) and
 * the services (what to accept) use. The state machine (state.ts) says which moves a state allows; this adds what
 * the data must also allow — a complete checklist, enough endorsements, a closed objection window, a short name no
 * one else holds, a key still valid, a team that may speak. An action offered here succeeds; one not offered is
 * refused with the reason given here.
 */
import { inArray } from 'drizzle-orm';
import type { SessionUser } from '../accounts/session-user';
import type { AppContext } from '../context';
import { teams } from '../entry/schema';
import type { MessageKey, Params } from '../i18n';
import { checkKey, type KeyCheck } from '../pgp';
import {
  type ShortNameClash,
  type SponsorshipView,
  shortNameClashes,
  shortNameListed,
  sponsorshipsOf,
  withoutLegalForm,
} from './queries';
import type { ApplicationRow } from './schema';
import { type ApplicationAction, allowedActions } from './state';

/** Why an action would be refused now: the 409 the service answers, and the sentence the page shows instead. */
interface Blocker {
  code: string;
  messageKey: MessageKey;
  params?: Params;
}

interface ActionOption {
  action: ApplicationAction;
  blocked: Blocker | null;
}

/** What the secretariat's options depend on, read once for the page and the decision alike. */
interface ApplicationFacts {
  sponsorships: SponsorshipView[];
  clashes: ShortNameClash[];
  /** The key checked again now (it may have expired or been revoked since the applicant sent it). */
  keyCheck: KeyCheck | null;
  now: Date;
}

export async function factsOf(ctx: Pick<AppContext, 'db' | 'clock'>, app: ApplicationRow): Promise<ApplicationFacts> {
  const now = ctx.clock.now();
  const [sponsorships, clashes, keyCheck] = await Promise.all([
    sponsorshipsOf(ctx.db, app.id),
    shortNameClashes(ctx.db, app.entry.shortName, { applicationId: app.id, teamId: app.teamId }),
    app.keyArmored ? checkKey(app.keyArmored, { now, email: app.entry.email }) : Promise.resolve(null),
  ]);
  return { sponsorships, clashes, keyCheck, now };
}

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

export function endorsementCount(facts: Pick<ApplicationFacts, 'sponsorships'>): number {
  return facts.sponsorships.filter((s) => s.kind === 'endorse').length;
}

/** Sponsorship may close (by the scheduler or the secretariat) with enough endorsements and the window over. */
export function closeBlocker(
  app: Pick<ApplicationRow, 'objectionWindowEndsAt'>,
  endorsements: number,
  now: Date,
  required: number,
): Blocker | null {
  if (endorsements < required) {
    return {
      code: 'not_enough_endorsements',
      messageKey: 'admission.notEnoughEndorsements',
      params: { count: endorsements, required },
    };
  }
  if (app.objectionWindowEndsAt && app.objectionWindowEndsAt > now) {
    return { code: 'objection_window_open', messageKey: 'admission.objectionWindowOpen' };
  }
  return null;
}

/** What stops one of the secretariat's moves now; null when it can go ahead. */
function secretariatBlocker(
  app: ApplicationRow,
  action: ApplicationAction,
  facts: ApplicationFacts,
  sponsorsRequired: number,
): Blocker | null {
  if (action === 'open_sponsorship' && !checklistComplete(app.checklist)) {
    return { code: 'checklist_incomplete', messageKey: 'admission.checklistIncomplete' };
  }
  if (action === 'close_sponsorship') return closeBlocker(app, endorsementCount(facts), facts.now, sponsorsRequired);
  if (action === 'approve') {
    if (facts.clashes.length > 0) {
      return {
        code: 'short_name_taken',
        messageKey: 'admission.shortNameClash',
        params: { shortName: app.entry.shortName },
      };
    }
    if (!facts.keyCheck?.ok || !facts.keyCheck.key) {
      return { code: 'key_no_longer_valid', messageKey: 'admission.keyNoLongerValid' };
    }
  }
  return null;
}

/** The secretariat's moves from this state, each with what would stop it now. */
export function secretariatOptions(
  app: ApplicationRow,
  facts: ApplicationFacts,
  sponsorsRequired: number,
): ActionOption[] {
  return allowedActions(app.state, 'secretariat').map((action) => ({
    action,
    blocked: secretariatBlocker(app, action, facts, sponsorsRequired),
  }));
}

/** The applicant's moves: submitting needs a short name no listed team holds (the only clash they may be told of). */
export async function applicantOptions(ctx: Pick<AppContext, 'db'>, app: ApplicationRow): Promise<ActionOption[]> {
  const options: ActionOption[] = [];
  for (const action of allowedActions(app.state, 'applicant')) {
    const taken = action === 'submit' && (await shortNameListed(ctx.db, app.entry.shortName));
    options.push({
      action,
      blocked: taken ? { code: 'short_name_taken', messageKey: 'entry.error.shortNameTaken' } : null,
    });
  }
  return options;
}

/** Member teams the user may speak for: active teams where they are an editor. */
async function sponsorTeamsOf(ctx: Pick<AppContext, 'db'>, user: SessionUser) {
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
function sameOrganization(team: SponsorTeam, app: ApplicationRow): boolean {
  const names = (ja: string, en: string) => [withoutLegalForm(ja), withoutLegalForm(en)].filter(Boolean);
  const ours = names(team.organizationJa, team.organizationEn);
  const theirs = names(app.entry.organization.ja, app.entry.organization.en);
  if (ours.some((n) => theirs.includes(n))) return true;
  return domainOf(team.email) === domainOf(app.entry.email) || domainOf(team.email) === domainOf(app.applicantEmail);
}

interface SponsorOption {
  team: SponsorTeam;
  /** What the team has said already, if anything. */
  given: 'endorse' | 'object' | null;
  ownOrganization: boolean;
  endorse: Blocker | null;
  object: Blocker | null;
}

function sponsorBlocker(
  app: ApplicationRow,
  kind: 'endorse' | 'object',
  o: Omit<SponsorOption, 'endorse' | 'object'>,
  now: Date,
): Blocker | null {
  if (app.state !== 'sponsorship') return { code: 'sponsorship_closed', messageKey: 'sponsor.closed' };
  if (o.ownOrganization) return { code: 'own_organization', messageKey: 'sponsor.ownOrganization' };
  if (o.given) return { code: 'already_sponsored', messageKey: 'sponsor.already', params: { team: o.team.shortName } };
  // DESIGN: objections belong to the window; endorsements may still come after it, until the stage closes.
  if (kind === 'object' && app.objectionWindowEndsAt && app.objectionWindowEndsAt <= now) {
    return { code: 'objection_window_over', messageKey: 'sponsor.windowOver' };
  }
  return null;
}

/** For each team the user speaks for: whether it may endorse or object now, and why not. */
export async function sponsorOptions(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  app: ApplicationRow,
  given: SponsorshipView[],
): Promise<SponsorOption[]> {
  const now = ctx.clock.now();
  return (await sponsorTeamsOf(ctx, user)).map((team) => {
    const base = {
      team,
      given: given.find((s) => s.teamId === team.id)?.kind ?? null,
      ownOrganization: sameOrganization(team, app),
    };
    return {
      ...base,
      endorse: sponsorBlocker(app, 'endorse', base, now),
      object: sponsorBlocker(app, 'object', base, now),
    };
  });
}
