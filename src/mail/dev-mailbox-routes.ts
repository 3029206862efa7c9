/**
 * The development mailbox (in the manner of letter_opener or Mailpit): without SMTP, every message the app writes
 * stays in the outbox, and here anyone trying the demo — the editor proving a key, an applicant confirming an
 * address — reads it with its links restored and follows them. Registered only when NODE_ENV=development: in
 * production the links stay sealed, and nothing but the recipient's mailbox ever shows them.
 */
import { desc, eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { notFound } from '../http/errors';
import { renderPage } from '../http/render';
import { withOpenLinks } from './mailer';
import { outbox } from './schema';
import { linkSealingKey } from './sealed-links';

const SHOWN = 200;

/** A text body as pieces, the links marked, so the view makes them clickable without building markup itself. */
export function linkPieces(text: string): { text: string; href?: string }[] {
  const pieces: { text: string; href?: string }[] = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    if (m.index > last) pieces.push({ text: text.slice(last, m.index) });
    pieces.push({ text: m[0], href: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

export function registerDevMailboxRoutes(ctx: AppContext, r: GuardedRouter): void {
  if (ctx.config.env !== 'development') return;
  const key = linkSealingKey(ctx.config.sessionSecret);

  r.get('/dev/mail', 'public', async (_req, res) => {
    const rows = await ctx.db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(SHOWN);
    await renderPage(res, 'dev/mailbox', { title: res.locals.t('devMail.title'), rows });
  });

  r.get('/dev/mail/:id', 'public', async (req, res) => {
    const [row] = await ctx.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, String(req.params.id)))
      .limit(1);
    if (!row) throw notFound();
    const mail = withOpenLinks(row, key);
    res.set('Referrer-Policy', 'no-referrer');
    await renderPage(res, 'dev/mailbox-message', { title: mail.subject, mail, pieces: linkPieces(mail.textBody) });
  });
}
