/**
 * The applicant's side of admission: apply (a draft, and a mail whose link proves the address), then through the
 * secret link: confirm and submit, answer the secretariat's questions, or withdraw.
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import { RULES, takeAttempt } from '../accounts/rate-limit';
import { hashToken, newRawToken } from '../accounts/tokens';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import type { TeamEntry } from '../entry/entry';
import { SHORT_NAME_PATTERN } from '../entry/entry-form';
import { conflict, type FieldError, notFound, tooManyRequests, unprocessable } from '../http/errors';
import { checkKey, type KeyCheck } from '../pgp';
import { applicantPageLink, tellApplicant, tellSecretariat } from './notify';
import { applicantOptions } from './options';
import { findApplicationByTokenHash, messagesOf, shortNameListed } from './queries';
import { type ApplicationRow, type Attestations, applicationMessages, applications } from './schema';
import { applyTransition } from './transitions';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

/** A draft whose address was never confirmed is deleted after this long. */
const DRAFT_TTL_DAYS = 7;

interface ApplicationInput {
  entry: TeamEntry;
  /** The key as reviewSubmission checked it (it must have passed). */
  check: KeyCheck;
  attestations: Attestations;
  applicant: { name: string; email: string; phone: string | null };
  deputy: { name: string; email: string } | null;
  locale: 'ja' | 'en';
}

type ApplyResult = { kind: 'sent'; email: string };

/** The parts of the application form that reviewSubmission checks, as the applicant sent them. */
export interface Submission {
  /** The short name as typed (trimmed); looked up only when it has a short name's shape. */
  shortName: string;
  /** The pasted key, or the bytes of the chosen key file; empty when neither was sent. */
  key: string | Uint8Array;
  /** The team's address, which the key's user IDs are matched against. */
  email: string;
  attestations: Attestations;
}

/** Admission requires every criterion: an applicant who cannot attest to one is not a candidate. */
const attestsAll = (attestations: Attestations) => Object.values(attestations).every(Boolean);

/**
 * What admission itself asks of an application, checked whatever else is wrong with the form so the applicant
 * hears every problem in one round: the three criteria, the key (checked now; its report goes back to the form)
 * and whether a listed team already holds the short name. A name held only by a suspended or withdrawn team or by
 * another application is not public, so it is not refused here: the application is taken like any other (the same
 * query, the same answer) and the secretariat sees the clash on the screening page.
 */
export async function reviewSubmission(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  s: Submission,
): Promise<{ errors: FieldError[]; check: KeyCheck | null }> {
  const errors: FieldError[] = [];
  if (!attestsAll(s.attestations)) errors.push({ field: 'attestations', messageKey: 'apply.error.attestations' });
  let check: KeyCheck | null = null;
  if (s.key.length === 0) {
    errors.push({ field: 'key', messageKey: 'apply.error.key' });
  } else {
    check = await checkKey(s.key, { now: ctx.clock.now(), email: s.email });
    if (!check.ok || !check.key) errors.push({ field: 'key', messageKey: 'apply.error.keyRejected' });
  }
  if (SHORT_NAME_PATTERN.test(s.shortName) && (await shortNameListed(ctx.db, s.shortName))) {
    errors.push({ field: 'shortName', messageKey: 'entry.error.shortNameTaken' });
  }
  return { errors, check };
}

/**
 * An application counts against the limits (per client address, per applicant address) when it is created; the
 * attempt is taken first, in one atomic step, and given back when the application is refused.
 */
export async function apply(ctx: Ctx, input: ApplicationInput, actor: Actor): Promise<ApplyResult> {
  const email = input.applicant.email.toLowerCase();
  const attempt = await takeAttempt(
    ctx.db,
    [
      [RULES.applicationPerIp, [`ip:${actor.ip ?? 'unknown'}`]],
      [RULES.applicationPerEmail, [`email:${email}`]],
    ],
    ctx.clock.now(),
  );
  if (attempt.limited) throw tooManyRequests(attempt.retryAfterSeconds);
  try {
    const result = await createApplication(ctx, input, email, actor);
    if (result.kind !== 'sent') await attempt.release();
    return result;
  } catch (err) {
    await attempt.release();
    throw err;
  }
}

async function createApplication(ctx: Ctx, input: ApplicationInput, email: string, actor: Actor) {
  const now = ctx.clock.now();
  if (!attestsAll(input.attestations)) {
    throw unprocessable([{ field: 'attestations', messageKey: 'apply.error.attestations' }]);
  }
  const { check } = input;
  if (!check.ok || !check.key) throw unprocessable([{ field: 'key', messageKey: 'apply.error.keyRejected' }]);

  const raw = newRawToken();
  const mailId = await ctx.db.transaction(async (tx) => {
    const [app] = await tx
      .insert(applications)
      .values({
        state: 'draft',
        entry: input.entry,
        keyArmored: check.key?.armored,
        keyFingerprint: check.fingerprint,
        attestations: input.attestations,
        applicantName: input.applicant.name,
        applicantEmail: email,
        applicantPhone: input.applicant.phone,
        deputyName: input.deputy?.name ?? null,
        deputyEmail: input.deputy?.email.toLowerCase() ?? null,
        applicantLocale: input.locale,
        accessTokenHash: hashToken(raw),
        stateChangedAt: now,
        createdAt: now,
      })
      .returning();
    await record(tx, actor, now, {
      action: 'application.created',
      target: `${app.entry.shortName} (${app.id})`,
      details: { fingerprint: check.fingerprint },
    });
    return ctx.mailer.applicationVerify(tx, {
      to: email,
      shortName: app.entry.shortName,
      link: applicantPageLink(ctx, raw),
    });
  });
  await ctx.mailer.deliver([mailId]);
  return { kind: 'sent', email } as const;
}

/** The application a secret link opens; an unknown or replaced link is a 404 that says to use the newest mail. */
async function applicationByLink(ctx: Pick<AppContext, 'db'>, raw: string): Promise<ApplicationRow> {
  const app = /^[A-Za-z0-9_-]{20,100}$/.test(raw)
    ? await findApplicationByTokenHash(ctx.db, hashToken(raw))
    : undefined;
  if (!app) throw notFound('applicant.linkUnknown');
  return app;
}

export async function applicantView(ctx: Pick<AppContext, 'db'>, raw: string) {
  const app = await applicationByLink(ctx, raw);
  const [messages, options] = await Promise.all([messagesOf(ctx.db, app.id), applicantOptions(ctx, app)]);
  return { app, messages, options };
}

function applicantActor(app: ApplicationRow, actor: Actor): Actor {
  return { ...actor, userId: null, label: `applicant ${app.applicantEmail}` };
}

/**
 * Opening the mailed link proves the address; the applicant then confirms and the application is submitted.
 * Answers the applicant's new link (the confirmation mail carries it and replaces the old one).
 */
export async function confirmAndSubmit(ctx: Ctx, raw: string, version: number, actor: Actor): Promise<string> {
  const app = await applicationByLink(ctx, raw);
  // The applicant page's own options: only a listed team's name may stop it (other clashes wait for screening).
  const blocked = (await applicantOptions(ctx, app)).find((o) => o.action === 'submit')?.blocked;
  if (blocked) throw conflict(blocked.code, blocked.messageKey, blocked.params);
  let next = raw;
  const mailIds: string[] = [];
  await applyTransition(ctx, {
    applicationId: app.id,
    action: 'submit',
    as: 'applicant',
    actor: applicantActor(app, actor),
    expectedVersion: version,
    alsoSet: { emailVerifiedAt: ctx.clock.now() },
    andThen: async (tx, updated) => {
      const told = await tellApplicant(tx, ctx, updated, 'submitted');
      next = told.raw;
      mailIds.push(...told.mailIds, ...(await tellSecretariat(tx, ctx, updated, 'received')));
    },
  });
  await ctx.mailer.deliver(mailIds);
  return next;
}

export async function answerInfo(ctx: Ctx, raw: string, version: number, answer: string, actor: Actor) {
  const app = await applicationByLink(ctx, raw);
  const mailIds: string[] = [];
  await applyTransition(ctx, {
    applicationId: app.id,
    action: 'answer_info',
    as: 'applicant',
    actor: applicantActor(app, actor),
    expectedVersion: version,
    andThen: async (tx, updated) => {
      await tx
        .insert(applicationMessages)
        .values({ applicationId: app.id, author: 'applicant', body: answer, createdAt: ctx.clock.now() });
      mailIds.push(...(await tellSecretariat(tx, ctx, updated, 'answered', answer)));
    },
  });
  await ctx.mailer.deliver(mailIds);
}

export async function withdraw(ctx: Ctx, raw: string, version: number, actor: Actor) {
  const app = await applicationByLink(ctx, raw);
  const mailIds: string[] = [];
  await applyTransition(ctx, {
    applicationId: app.id,
    action: 'withdraw',
    as: 'applicant',
    actor: applicantActor(app, actor),
    expectedVersion: version,
    andThen: async (tx, updated) => {
      // A draft was never seen by anyone: nobody to tell.
      if (app.state !== 'draft') mailIds.push(...(await tellSecretariat(tx, ctx, updated, 'withdrawn')));
    },
  });
  await ctx.mailer.deliver(mailIds);
}

/** Drafts never confirmed by their applicant (housekeeping). */
export async function pruneUnconfirmedDrafts(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - DRAFT_TTL_DAYS * 86_400_000);
  const gone = await ctx.db
    .delete(applications)
    .where(and(inArray(applications.state, ['draft']), lt(applications.createdAt, before), eq(applications.version, 1)))
    .returning({ id: applications.id });
  return gone.length;
}
