/**
 * One run of the drills at an instant (`now` from the clock or the CLI's --now): plan the cycle's drills of teams
 * that have none, send the ones whose moment has come, mark those past their window late (the team's editors get a
 * copy) and those past twice it failed (the secretariat is told).
 *
 * Each step works in pages; each page is one transaction that moves the drills it locked (FOR UPDATE SKIP LOCKED)
 * and queues their mails in the outbox. So a drill is sent once however many runs or instances find it, a run that
 * dies half-way has committed whole pages only, and a rerun finds nothing left to do.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, lte, sql } from 'drizzle-orm';
import { issueCode } from '../accounts/one-time-codes';
import { editorAddressesByTeam, secretariatAddresses } from '../accounts/recipients';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { translator } from '../i18n';
import { provenKeysByTeam } from '../keys/service';
import type { DrillMail } from '../mail/mailer';
import { encryptTo } from '../pgp';
import { cycleAt, plannedMoment, windowOf } from './plan';
import { answeredIn, insertPlanned, lockDueDrills, lockOverdue, teamsToPlan, updateDrill } from './queries';
import { drills } from './schema';
import { DRILL_CODE_TTL_MS } from './vocabulary';

type Ctx = Pick<AppContext, 'db' | 'config' | 'mailer'>;

export interface DrillRunSummary {
  now: string;
  /** Drills newly planned for the current cycle. */
  planned: number;
  sent: number;
  /** Drills due to teams with no verified key to encrypt to: recorded as such, not skipped in silence. */
  cannotDrill: number;
  late: number;
  failed: number;
  /** Drills of the current cycle answered so far. */
  answered: number;
}

export interface DrillRunOptions {
  now: Date;
  /** Count only: nothing is written or queued. */
  dryRun?: boolean;
  pageSize?: number;
  /** Told after each committed page (the CLI reports progress; a fault test kills the process there). */
  onPage?: (summary: DrillRunSummary) => void;
}

const DEFAULT_PAGE = 200;
/**
 * Teams planned per page. The embedded database runs each statement inside the server's event loop: a page of 2,000
 * held it for most of a second (the select, building the rows, the insert), 200 still for 30-100 ms at a time; a
 * page of 50 takes about 10 ms of each, and requests are served between them.
 */
const PLAN_PAGE = { postgres: 2000, pglite: 50 } as const;

/** The code and the answer link, for the encrypted part only. */
function secretText(siteUrl: string, drillId: string, code: string, team: string, fingerprint: string): string {
  const ja = translator('ja');
  const en = translator('en');
  const link = `${siteUrl}/drills/${drillId}.${code.replace('-', '')}`;
  return [
    ja('mail.drill.code', { code }),
    en('mail.drill.code', { code }),
    '',
    ja('mail.drill.link', { link }),
    en('mail.drill.link', { link }),
    '',
    `${team} / ${fingerprint}`,
    '',
  ].join('\n');
}

export async function runDrills(ctx: Ctx, opts: DrillRunOptions): Promise<DrillRunSummary> {
  const { now } = opts;
  const pageSize = opts.pageSize ?? DEFAULT_PAGE;
  const siteUrl = ctx.config.publicUrl;
  const summary: DrillRunSummary = {
    now: now.toISOString(),
    planned: 0,
    sent: 0,
    cannotDrill: 0,
    late: 0,
    failed: 0,
    answered: 0,
  };
  const cycle = ctx.config.drills.perYear > 0 ? cycleAt(now, ctx.config.drills.perYear) : null;
  const planPage = PLAN_PAGE[ctx.config.database.kind];

  // 1. Plan: every active team without a drill in this cycle gets its moment.
  if (cycle) {
    for (let after: string | null = null; ; ) {
      const page = await teamsToPlan(ctx.db, cycle.id, after, planPage);
      if (page.length === 0) break;
      after = page[page.length - 1]?.id ?? null;
      const rows = page.map((team) => ({
        teamId: team.id,
        cycle: cycle.id,
        plannedAt: plannedMoment(team, cycle, now),
        createdAt: now,
      }));
      summary.planned += opts.dryRun ? rows.length : await insertPlanned(ctx.db, rows);
      if (page.length < planPage) break;
    }
  }

  if (opts.dryRun) {
    const [due] = await ctx.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(drills)
      .where(and(eq(drills.state, 'planned'), lte(drills.plannedAt, now)));
    summary.sent = due?.n ?? 0;
    summary.answered = cycle ? await answeredIn(ctx.db, [cycle.id]) : 0;
    return summary;
  }

  // 2. Send what is due; 3. and 4. mark what is late and failed. Each page commits with its mails.
  const pages: ((tx: Tx) => Promise<{ taken: number; mailIds: string[] }>)[] = [
    (tx) => sendPage(ctx, tx, now, pageSize, siteUrl, summary),
    (tx) => latePage(ctx, tx, now, pageSize, siteUrl, summary),
    (tx) => failedPage(ctx, tx, now, pageSize, summary),
  ];
  for (const step of pages) {
    for (;;) {
      const { taken, mailIds } = await ctx.db.transaction((tx) => step(tx));
      if (mailIds.length) await ctx.mailer.deliver(mailIds);
      opts.onPage?.({ ...summary });
      if (taken < pageSize) break;
    }
  }
  summary.answered = cycle ? await answeredIn(ctx.db, [cycle.id]) : 0;
  return summary;
}

async function sendPage(ctx: Ctx, tx: Tx, now: Date, limit: number, siteUrl: string, summary: DrillRunSummary) {
  const due = await lockDueDrills(tx, now, limit);
  const keys = await provenKeysByTeam(
    tx,
    due.map((d) => d.team.id),
  );
  const mails: DrillMail[] = [];
  // The page's codes are encrypted while its writes wait on the database (and the crypto calls on each other),
  // not one after the other; the mails are queued once every one is done, so a failure still rolls the page back.
  const encrypted: Promise<void>[] = [];
  for (const { drill, team } of due) {
    const key = keys.get(team.id);
    if (!key) {
      await updateDrill(tx, drill.id, { state: 'no_key', sentTo: team.email });
      summary.cannotDrill += 1;
      continue;
    }
    const { code } = await issueCode(tx, {
      purpose: 'drill',
      scope: drill.id,
      email: team.email,
      now,
      ttlMs: DRILL_CODE_TTL_MS,
      createdBy: null,
    });
    const id = randomUUID();
    const { lateAt, failAt } = windowOf(team, now, ctx.config.drills.windowHours);
    await updateDrill(tx, drill.id, {
      state: 'sent',
      sentAt: now,
      sentTo: team.email,
      keyFingerprint: key.fingerprint,
      outboxId: id,
      lateAt,
      failAt,
    });
    const mail: DrillMail = {
      id,
      kind: 'drill',
      to: [team.email],
      teamName: team.shortName,
      slug: team.slug,
      address: team.email,
      sentAt: now,
      answerPage: `${siteUrl}/drills/${drill.id}`,
      encryptedCode: null,
    };
    mails.push(mail);
    const encrypting = encryptTo(
      key.armored,
      secretText(siteUrl, drill.id, code, team.shortName, key.fingerprint),
    ).then((armored) => {
      mail.encryptedCode = armored;
    });
    // Awaited below; until then a rejection must not count as unhandled (a write failing first ends the page).
    encrypting.catch(() => undefined);
    encrypted.push(encrypting);
    summary.sent += 1;
  }
  await Promise.all(encrypted);
  return { taken: due.length, mailIds: await ctx.mailer.drillMails(tx, mails) };
}

async function latePage(ctx: Ctx, tx: Tx, now: Date, limit: number, siteUrl: string, summary: DrillRunSummary) {
  const overdue = await lockOverdue(tx, 'late', now, limit);
  const teamIds = overdue.map((o) => o.drill.teamId);
  const [editors, keys] = await Promise.all([editorAddressesByTeam(tx, teamIds), provenKeysByTeam(tx, teamIds)]);
  const mails: DrillMail[] = [];
  for (const { drill, team } of overdue) {
    await updateDrill(tx, drill.id, { state: 'late', markedLateAt: now });
    summary.late += 1;
    const to = editors.get(drill.teamId) ?? [];
    const key = keys.get(drill.teamId);
    if (to.length === 0 || !key) continue;
    // The copy carries a code of its own (the first one stays good): the editors may not have the first mail.
    const { code } = await issueCode(tx, {
      purpose: 'drill',
      scope: drill.id,
      email: to[0] ?? team.email,
      now,
      ttlMs: DRILL_CODE_TTL_MS,
      createdBy: null,
    });
    mails.push({
      id: randomUUID(),
      kind: 'late',
      to,
      teamName: team.shortName,
      slug: team.slug,
      address: drill.sentTo ?? team.email,
      sentAt: drill.sentAt ?? now,
      answerPage: `${siteUrl}/drills/${drill.id}`,
      encryptedCode: await encryptTo(key.armored, secretText(siteUrl, drill.id, code, team.shortName, key.fingerprint)),
    });
  }
  return { taken: overdue.length, mailIds: await ctx.mailer.drillMails(tx, mails) };
}

async function failedPage(ctx: Ctx, tx: Tx, now: Date, limit: number, summary: DrillRunSummary) {
  const overdue = await lockOverdue(tx, 'failed', now, limit);
  const secretariat = overdue.length ? await secretariatAddresses(tx) : [];
  for (const { drill } of overdue) {
    await updateDrill(tx, drill.id, { state: 'failed', markedFailedAt: now });
    summary.failed += 1;
  }
  const [first] = overdue;
  if (!first || secretariat.length === 0) return { taken: overdue.length, mailIds: [] };
  // One notice per page, listing each failure: a campaign's hundreds of failures are one mail, not hundreds.
  const failed = overdue.map(({ drill, team }) => ({
    teamName: team.shortName,
    address: drill.sentTo ?? team.email,
    sentAt: drill.sentAt ?? now,
  }));
  const mail: DrillMail = {
    id: randomUUID(),
    kind: 'failed',
    to: secretariat,
    teamName: overdue.length === 1 ? first.team.shortName : `${first.team.shortName} +${overdue.length - 1}`,
    slug: first.team.slug,
    address: failed[0]?.address ?? first.team.email,
    sentAt: failed[0]?.sentAt ?? now,
    answerPage: null,
    encryptedCode: null,
    failed: overdue.length === 1 ? undefined : failed,
  };
  return { taken: overdue.length, mailIds: await ctx.mailer.drillMails(tx, [mail]) };
}
