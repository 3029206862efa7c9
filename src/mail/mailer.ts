/**
 * The association's mail. One typed method per message; each renders a bilingual message (Japanese first, then
 * English) from views/mail/<template>.{text,html}.ejs and writes it to the outbox inside the caller's transaction,
 * so a change and its mail commit together, with its single-use links sealed (sealed-links.ts). `deliver` then
 * sends what was queued: over SMTP when SMTP_URL is set, otherwise the message stays in the outbox as "captured"
 * (the secretariat sees it at /admin/mail without its links; in development the mailbox at /dev/mail opens them).
 */

import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database, DbOrTx } from '../db/client';
import { translator } from '../i18n';
import { formatDate, formatDateTime } from '../i18n/format';
import type { Logger } from '../log';
import { readSigningKey, type SigningKey } from '../pgp';
import { composeMessage } from './compose';
import { createDelivery, type FlushResult } from './delivery';
import { DRILL_MESSAGES, type DrillMail } from './drill-messages';
import {
  type AnnouncementMail,
  type ApplicationNoticeMail,
  type ApplicationVerifyMail,
  type ConfirmationReminderMail,
  type InvitationMail,
  type KeyPossessionMail,
  type KeyReminderMail,
  NOTICE_MESSAGES,
  type PasswordResetMail,
} from './messages';
import { type OutboxRow, outbox } from './schema';
import { linkSealingKey, type MailText, openLinks, sealLinks } from './sealed-links';

export type { DrillMail } from './drill-messages';
export type {
  AnnouncementMail,
  ApplicationNoticeKind,
  ConfirmationReminderMail,
  KeyReminderMail,
  StageMessages,
} from './messages';

type Rendered = MailText;

/** The rows one delivery round claims (delivery.ts's default limit). */
const DELIVER_SLICE = 50;

/** An outbox row with its sealed links put back, as it goes out (and as the development mailbox shows it). */
export function withOpenLinks(row: OutboxRow, key: Buffer): OutboxRow {
  const opened = openLinks({ subject: row.subject, text: row.textBody, html: row.htmlBody }, row.sealedLinks, key);
  return { ...row, subject: opened.subject, textBody: opened.text, htmlBody: opened.html };
}

export interface Mailer {
  invitation(tx: DbOrTx, mail: InvitationMail): Promise<string>;
  passwordReset(tx: DbOrTx, mail: PasswordResetMail): Promise<string>;
  keyPossession(tx: DbOrTx, mail: KeyPossessionMail): Promise<string>;
  applicationVerify(tx: DbOrTx, mail: ApplicationVerifyMail): Promise<string>;
  applicationNotice(tx: DbOrTx, mail: ApplicationNoticeMail): Promise<string[]>;
  /** Reminders come in batches (a run covers many teams): one insert per batch. */
  confirmationReminders(tx: DbOrTx, mails: ConfirmationReminderMail[]): Promise<string[]>;
  keyReminders(tx: DbOrTx, mails: KeyReminderMail[]): Promise<string[]>;
  drillMails(tx: DbOrTx, mails: DrillMail[]): Promise<string[]>;
  /** One message per team, written in one batch with the announcement's recipient rows. */
  announcementMails(tx: DbOrTx, mails: AnnouncementMail[]): Promise<string[]>;
  /** Sends queued messages by id now (call after the transaction that queued them has committed). */
  deliver(ids: string[]): Promise<void>;
  /** Sends whatever is due in the outbox (the worker's round; `mail flush`). */
  flush(opts?: { limit?: number }): Promise<FlushResult>;
  /** The association's signing key (ASSOCIATION_KEY_FILE), loaded once; null when none is configured. */
  associationKey(): Promise<SigningKey | null>;
  close(): void;
}

export function createMailer(deps: {
  config: Pick<Config, 'mail' | 'rootDir' | 'displayTimeZone' | 'publicUrl' | 'sessionSecret'>;
  db: Database;
  clock: Clock;
  log: Logger;
  /**
   * The verified key to encrypt a team's mail to, asked at delivery (so a key rotated meanwhile is the one used).
   * Handed in by whoever builds the mailer (keys/service.ts mailEncryptionKey): mail knows no team key table.
   */
  encryptionKey: (teamId: string, opts: { required: boolean }) => Promise<string | null>;
}): Mailer {
  const { config, db, clock, log } = deps;
  const transport: Transporter | null = config.mail.smtpUrl ? nodemailer.createTransport(config.mail.smtpUrl) : null;
  const messageHost = new URL(config.publicUrl).hostname || 'localhost';
  const sealingKey = linkSealingKey(config.sessionSecret);
  let signingKey: Promise<SigningKey | null> | undefined;
  const associationKey = () => {
    signingKey ??= config.mail.signingKeyFile
      ? fs.promises
          .readFile(config.mail.signingKeyFile, 'utf8')
          .then((armored) => readSigningKey(armored, config.mail.signingKeyPassphrase))
      : Promise.resolve(null);
    return signingKey;
  };
  const delivery = createDelivery({
    db,
    clock,
    log,
    transport,
    config,
    compose: (row) =>
      composeMessage(withOpenLinks(row, sealingKey), {
        from: config.mail.from,
        messageId: `<${row.id}@${messageHost}>`,
        date: clock.now(),
        signer: associationKey,
        encryptionKey: deps.encryptionKey,
      }),
  });
  const viewsDir = path.join(config.rootDir, 'views', 'mail');
  const ja = translator('ja');
  const en = translator('en');

  async function render(template: string, data: Record<string, unknown>, subject: string): Promise<Rendered> {
    const locals = {
      ...data,
      ja,
      en,
      date: (d: Date) => ({
        ja: formatDate(d, 'ja', config.displayTimeZone),
        en: formatDate(d, 'en', config.displayTimeZone),
      }),
      siteUrl: config.publicUrl,
    };
    const [text, html] = await Promise.all([
      // Compiled once per template: a reminder run renders thousands of messages.
      ejs.renderFile(path.join(viewsDir, `${template}.text.ejs`), locals, { async: false, cache: true }),
      ejs.renderFile(path.join(viewsDir, `${template}.html.ejs`), locals, { async: false, cache: true }),
    ]);
    return { subject, text, html };
  }

  /** What is stored of a rendered message: its single-use links sealed (sealed-links.ts). */
  function stored(message: Rendered) {
    const { message: m, sealed } = sealLinks(message, config.publicUrl, sealingKey);
    return { subject: m.subject, textBody: m.text, htmlBody: m.html, sealedLinks: sealed };
  }

  async function queue(
    tx: DbOrTx,
    template: string,
    to: string[],
    message: Rendered,
    opts: { cc?: string[]; encryptForTeamId?: string | null } = {},
  ): Promise<string> {
    const now = clock.now();
    const [row] = await tx
      .insert(outbox)
      .values({
        template,
        toAddresses: to,
        ccAddresses: opts.cc ?? [],
        ...stored(message),
        status: transport ? 'pending' : 'captured',
        nextAttemptAt: transport ? now : null,
        encryptForTeamId: opts.encryptForTeamId ?? null,
        createdAt: now,
      })
      .returning({ id: outbox.id });
    return row.id;
  }

  async function queueBatch(
    tx: DbOrTx,
    template: string,
    rows: {
      mail: { id: string; to: string[]; cc: string[]; encryptForTeamId: string | null; encryptionRequired?: boolean };
      message: Rendered;
    }[],
  ): Promise<string[]> {
    if (rows.length === 0) return [];
    const now = clock.now();
    await tx.insert(outbox).values(
      rows.map(({ mail, message }) => ({
        id: mail.id,
        template,
        toAddresses: mail.to,
        ccAddresses: mail.cc,
        ...stored(message),
        status: transport ? ('pending' as const) : ('captured' as const),
        nextAttemptAt: transport ? now : null,
        encryptForTeamId: mail.encryptForTeamId,
        encryptionRequired: mail.encryptionRequired ?? false,
        createdAt: now,
      })),
    );
    return rows.map((r) => r.mail.id);
  }

  return {
    async invitation(tx, mail) {
      const subject = `[${ja('site.name')}] ${ja('mail.invitation.subject')} / ${en('mail.invitation.subject')}`;
      return queue(tx, 'invitation', [mail.to], await render('invitation', { ...mail }, subject));
    },

    async passwordReset(tx, mail) {
      const subject = `[${ja('site.name')}] ${ja('mail.passwordReset.subject')} / ${en('mail.passwordReset.subject')}`;
      return queue(tx, 'password-reset', [mail.to], await render('password-reset', { ...mail }, subject));
    },

    async keyPossession(tx, mail) {
      const subject = `[${ja('site.name')}] ${ja('mail.keyPossession.subject')} / ${en('mail.keyPossession.subject')} (${mail.teamName})`;
      return queue(tx, 'key-possession', [mail.to], await render('key-possession', { ...mail }, subject));
    },

    async applicationVerify(tx, mail) {
      const subject = `[${ja('site.name')}] ${ja('mail.applicationVerify.subject')} / ${en('mail.applicationVerify.subject')} (${mail.shortName})`;
      return queue(tx, 'application-verify', [mail.to], await render('application-verify', { ...mail }, subject));
    },

    async applicationNotice(tx, mail) {
      const keys = NOTICE_MESSAGES[mail.kind];
      const params = { team: mail.shortName, organization: mail.organization };
      const subject = `[${ja('site.name')}] ${ja(keys.subject, params)} / ${en(keys.subject, params)}`;
      const message = await render(
        'application-notice',
        { ...mail, message: mail.message ?? null, bodyJa: ja(keys.body, params), bodyEn: en(keys.body, params) },
        subject,
      );
      const ids: string[] = [];
      for (const to of new Set(mail.to)) ids.push(await queue(tx, `application-${mail.kind}`, [to], message));
      return ids;
    },

    async confirmationReminders(tx, mails) {
      const rows = [];
      for (const mail of mails) {
        const params = { team: mail.teamName, date: '' };
        const key = mail.messages.subject;
        const subject = `[${ja('site.name')}] ${ja(key, params)} / ${en(key, params)} (${mail.teamName})`;
        const bodyKey = mail.messages.body;
        const message = await render('confirmation-reminder', { ...mail, bodyKey }, subject);
        rows.push({ mail, message });
      }
      return queueBatch(tx, 'confirmation-reminder', rows);
    },

    async keyReminders(tx, mails) {
      const rows = [];
      for (const mail of mails) {
        const key = mail.messages.subject;
        const subject = `[${ja('site.name')}] ${ja(key)} / ${en(key)} (${mail.teamName})`;
        const bodyKey = mail.messages.body;
        rows.push({ mail, message: await render('key-reminder', { ...mail, bodyKey }, subject) });
      }
      return queueBatch(tx, 'key-reminder', rows);
    },

    async drillMails(tx, mails) {
      const rows = [];
      for (const mail of mails) {
        const keys = DRILL_MESSAGES[mail.kind];
        const subject = `[${ja('site.name')}] ${ja(keys.subject)} / ${en(keys.subject)} (${mail.teamName})`;
        const sent = (locale: 'ja' | 'en') => formatDateTime(mail.sentAt, locale, config.displayTimeZone);
        const params = (locale: 'ja' | 'en') => ({
          team: mail.teamName,
          address: mail.address,
          sent: sent(locale),
          count: mail.failed?.length ?? 1,
        });
        const data = {
          ...mail,
          failed: (mail.failed ?? []).map((f) => ({
            ...f,
            sentAt: formatDateTime(f.sentAt, 'ja', config.displayTimeZone),
          })),
          subjectKey: keys.subject,
          bodyKey: mail.failed?.length ? 'mail.drill.failedMany.body' : keys.body,
          params: { ja: params('ja'), en: params('en') },
        };
        rows.push({ mail: { ...mail, cc: [], encryptForTeamId: null }, message: await render('drill', data, subject) });
      }
      // The outbox template names the kind (drill, drill-late, drill-failed): one batch a kind.
      const ids: string[] = [];
      for (const kind of Object.keys(DRILL_MESSAGES) as DrillMail['kind'][]) {
        const batch = rows.filter((r) => r.mail.kind === kind);
        ids.push(...(await queueBatch(tx, kind === 'drill' ? 'drill' : `drill-${kind}`, batch)));
      }
      return ids;
    },

    async announcementMails(tx, mails) {
      const rows = [];
      for (const mail of mails) {
        // The label first, as TLP 2.0 asks of a subject line.
        const subject = `[${mail.label.mark}] [${ja('site.name')}] ${mail.subject.ja} / ${mail.subject.en}`;
        rows.push({ mail: { ...mail, cc: [] }, message: await render('announcement', { ...mail }, subject) });
      }
      return queueBatch(tx, 'announcement', rows);
    },

    async deliver(ids) {
      // A round claims at most its limit of rows: a long list (an announcement to every team) goes in slices.
      for (let i = 0; i < ids.length; i += DELIVER_SLICE)
        await delivery.flush({ ids: ids.slice(i, i + DELIVER_SLICE) });
    },

    flush: (opts) => delivery.flush(opts),

    associationKey,

    close() {
      transport?.close();
    },
  };
}
