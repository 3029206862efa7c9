/**
 * Mail to those concerned by an application, queued inside the transaction that changed it.
 *
 * The applicant has no account: their page is reached through a secret link, of which only the hash is stored.
 * Each mail to the applicant therefore carries a fresh link and replaces the previous one, so a forwarded or leaked
 * old mail stops opening the application; the page tells the holder of an old link to use the newest mail.
 */
import { eq } from 'drizzle-orm';
import { memberEditorAddresses, secretariatAddresses } from '../accounts/recipients';
import { hashToken, newRawToken } from '../accounts/tokens';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import type { ApplicationNoticeKind } from '../mail/mailer';
import { type ApplicationRow, applications } from './schema';

type Ctx = Pick<AppContext, 'config' | 'mailer'>;

export function applicantPageLink(ctx: Pick<AppContext, 'config'>, raw: string): string {
  return `${ctx.config.publicUrl}/applications/${raw}`;
}

/** A new secret link for the applicant's page (the old one stops working). */
async function rotateApplicantLink(tx: Tx, app: Pick<ApplicationRow, 'id'>): Promise<string> {
  const raw = newRawToken();
  await tx
    .update(applications)
    .set({ accessTokenHash: hashToken(raw) })
    .where(eq(applications.id, app.id));
  return raw;
}

function about(app: ApplicationRow) {
  return { shortName: app.entry.shortName, organization: app.entry.organization.ja || app.entry.organization.en };
}

/** Tells the applicant, with a fresh link to their page; answers the link (the caller may redirect to it). */
export async function tellApplicant(
  tx: Tx,
  ctx: Ctx,
  app: ApplicationRow,
  kind: ApplicationNoticeKind,
  message?: string | null,
): Promise<{ raw: string; mailIds: string[] }> {
  const raw = await rotateApplicantLink(tx, app);
  const mailIds = await ctx.mailer.applicationNotice(tx, {
    to: [app.applicantEmail],
    kind,
    ...about(app),
    link: applicantPageLink(ctx, raw),
    message,
  });
  return { raw, mailIds };
}

export async function tellSecretariat(
  tx: Tx,
  ctx: Ctx,
  app: ApplicationRow,
  kind: ApplicationNoticeKind,
  message?: string | null,
): Promise<string[]> {
  const to = await secretariatAddresses(tx);
  if (to.length === 0) return [];
  return ctx.mailer.applicationNotice(tx, {
    to,
    kind,
    ...about(app),
    link: `${ctx.config.publicUrl}/admin/applications/${app.id}`,
    message,
  });
}

/** Editors of member teams: the call for endorsements or objections. */
export async function tellSponsors(tx: Tx, ctx: Ctx, app: ApplicationRow): Promise<string[]> {
  const to = await memberEditorAddresses(tx);
  if (to.length === 0) return [];
  return ctx.mailer.applicationNotice(tx, {
    to,
    kind: 'sponsorship_members',
    ...about(app),
    link: `${ctx.config.publicUrl}/members/applications/${app.id}`,
  });
}

/** Every member: a new team has joined (addresses read before the new team's own users exist). */
export async function announceToMembers(tx: Tx, ctx: Ctx, app: ApplicationRow, to: string[], slug: string) {
  if (to.length === 0) return [];
  return ctx.mailer.applicationNotice(tx, {
    to,
    kind: 'announcement',
    ...about(app),
    link: `${ctx.config.publicUrl}/teams/${slug}`,
  });
}
