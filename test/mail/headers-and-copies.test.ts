/**
 * What every message of the association carries (RFC 3834 Auto-Submitted), for every template the mailer has, plain,
 * signed and encrypted; and that an encrypted message reaches its Cc recipients only as a notice without its body.
 * All through the real SMTP sink, reading what each envelope recipient received.
 */

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { DbOrTx } from '../../src/db/client';
import { setMailEncryption } from '../../src/keys/service';
import type { ApplicationNoticeKind, Mailer } from '../../src/mail/mailer';
import { micalgOf } from '../../src/mail/pgp-mime';
import { decryptBytes, generateKeyPair } from '../../src/pgp';
import { runReminders } from '../../src/reminders/run';
import { KEY_REMINDER_MESSAGES, REMINDER_MESSAGES } from '../../src/reminders/stages';
import { createTeam, createTeamKey, createUser } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { type SmtpSink, type SunkMail, startSmtpSink } from '../helpers/smtp-sink';

const NOTICE_KINDS = [
  'submitted',
  'received',
  'screening',
  'needs_info',
  'answered',
  'sponsorship_applicant',
  'sponsorship_members',
  'objection',
  'ready_for_decision',
  'approved',
  'rejected',
  'withdrawn',
  'announcement',
] as const satisfies readonly ApplicationNoticeKind[];

/** One way to queue each template's mail. `encryptFor`: the team reminders may be encrypted to. */
function senders(encryptFor: string | null): Record<string, (m: Mailer, tx: DbOrTx) => Promise<string[]>> {
  const to = 'team@headers.example.jp';
  const expiresAt = new Date(TEST_NOW);
  return {
    invitation: async (m, tx) => [
      await m.invitation(tx, { to, teamName: 'X', inviter: 'Y', link: 'http://x/i', expiresAt }),
    ],
    'password-reset': async (m, tx) => [await m.passwordReset(tx, { to, link: 'http://x/r', expiresAt })],
    'key-possession': async (m, tx) => [
      await m.keyPossession(tx, { to, teamName: 'X', slug: 'x', fingerprint: 'A'.repeat(40), encryptedCode: 'c' }),
    ],
    'application-verify': async (m, tx) => [
      await m.applicationVerify(tx, { to, shortName: 'NEW-CSIRT', link: 'http://x/a' }),
    ],
    'application-notice': async (m, tx) => {
      const ids: string[] = [];
      for (const kind of NOTICE_KINDS) {
        ids.push(...(await m.applicationNotice(tx, { to: [to], kind, shortName: 'N', organization: 'O', link: 'l' })));
      }
      return ids;
    },
    'confirmation-reminder': (m, tx) =>
      m.confirmationReminders(tx, [
        {
          id: randomUUID(),
          to: [to],
          cc: ['editor@headers.example.jp'],
          messages: REMINDER_MESSAGES.due,
          teamName: 'HDR-CSIRT',
          slug: 'hdr-csirt',
          dueAt: expiresAt,
          confirmedAt: null,
          link: 'http://registry.test/confirm/x',
          linkExpiresAt: expiresAt,
          encryptForTeamId: encryptFor,
        },
      ]),
    // One template, three kinds: the drill to the team, the late copy to its editors, the failure to the secretariat.
    drill: (m, tx) =>
      m.drillMails(
        tx,
        (['drill', 'late', 'failed'] as const).map((kind) => ({
          id: randomUUID(),
          kind,
          to: [to],
          teamName: 'HDR-CSIRT',
          slug: 'hdr-csirt',
          address: to,
          sentAt: expiresAt,
          answerPage: kind === 'failed' ? null : 'http://x/drills/00000000-0000-4000-8000-000000000000',
          encryptedCode: kind === 'failed' ? null : '-----BEGIN PGP MESSAGE-----\n\nx\n-----END PGP MESSAGE-----',
        })),
      ),
    announcement: (m, tx) =>
      m.announcementMails(tx, [
        {
          id: randomUUID(),
          to: [to],
          teamName: 'HDR-CSIRT',
          label: { mark: 'TLP:GREEN', colour: '#33FF00', meaning: { ja: '共有の範囲', en: 'How far' } },
          subject: { ja: '件名', en: 'Subject' },
          body: { ja: '本文', en: 'Text' },
          archiveLink: 'http://registry.test/members/announcements/00000000-0000-4000-8000-000000000000',
          encryptForTeamId: encryptFor,
          encryptionRequired: false,
        },
      ]),
    'key-reminder': (m, tx) =>
      m.keyReminders(tx, [
        {
          id: randomUUID(),
          to: [to],
          cc: ['editor@headers.example.jp'],
          messages: KEY_REMINDER_MESSAGES.key_30,
          teamName: 'HDR-CSIRT',
          slug: 'hdr-csirt',
          fingerprint: 'B'.repeat(40),
          expiresAt,
          encryptForTeamId: encryptFor,
        },
      ]),
  };
}

const templates = fs
  .readdirSync(path.join(__dirname, '..', '..', 'views', 'mail'))
  .filter((f) => f.endsWith('.text.ejs'))
  .map((f) => f.replace(/\.text\.ejs$/, ''))
  .sort();

function headerBlock(raw: Buffer): string {
  const text = raw.toString('latin1');
  return text.slice(0, text.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
}

describe('association mail on the wire', () => {
  let sink: SmtpSink;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assoc-key-'));
  let association: { publicKey: string; privateKey: string };

  beforeAll(async () => {
    sink = await startSmtpSink();
    association = await generateKeyPair({
      name: 'Assoc',
      email: 'registry@registry.test',
      created: new Date(TEST_NOW),
    });
    fs.writeFileSync(path.join(dir, 'association.asc'), association.privateKey);
  });
  afterAll(async () => {
    await sink.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sink.messages.length = 0;
  });

  /** An app on the sink: signing with the association key or not; a team whose key reminders may encrypt to. */
  async function appWith(signed: boolean, confirmedDaysAgo = 10) {
    const env = { SMTP_URL: sink.url, ...(signed ? { ASSOCIATION_KEY_FILE: path.join(dir, 'association.asc') } : {}) };
    const t = await createTestApp({ env });
    const pair = await generateKeyPair({ name: 'Hdr', email: 'team@headers.example.jp', created: new Date(TEST_NOW) });
    const team = await createTeam(t.ctx, { email: 'team@headers.example.jp' }, { withKey: false, confirmedDaysAgo });
    await createTeamKey(t.ctx, team.id, pair.publicKey, { now: new Date(TEST_NOW), verified: true });
    await setMailEncryption(t.ctx.db, team.id, true);
    return { t, team, pair };
  }

  test('the senders below cover every mail template there is', () => {
    expect(Object.keys(senders(null)).sort()).toEqual(templates);
  });

  test.each([
    ['plain', false, false],
    ['signed', true, false],
    ['encrypted', false, true],
    ['signed and encrypted', true, true],
  ])(
    'when %s mail of every template is sent, then every message carries Auto-Submitted: auto-generated',
    async (_label, signed, encrypted) => {
      const { t, team } = await appWith(signed);
      try {
        let count = 0;
        for (const send of Object.values(senders(encrypted ? team.id : null))) {
          const ids = await t.ctx.db.transaction((tx) => send(t.ctx.mailer, tx));
          await t.ctx.mailer.deliver(ids);
          count += ids.length;
        }
        // Each row is one message, plus a Cc notice for each encrypted reminder.
        const messages = await sink.waitFor(count + (encrypted ? 2 : 0));
        for (const mail of messages) {
          expect([mail.subject, headerBlock(mail.raw)]).toEqual([
            mail.subject,
            expect.stringMatching(/(^|\r\n)Auto-Submitted: auto-generated(\r\n|$)/),
          ]);
        }
        const types = messages.map((m) => /(^|\r\n)Content-Type: ([\w/-]+)/i.exec(headerBlock(m.raw))?.[2]);
        if (encrypted) expect(types).toContain('multipart/encrypted');
        if (signed) expect(types).toContain('multipart/signed');
        if (!signed && !encrypted) expect(types.every((ct) => !ct?.startsWith('multipart/signed'))).toBe(true);
      } finally {
        await t.close();
      }
    },
  );

  test('when a reminder to a team that receives encrypted mail has Cc recipients, then none of them receives its body; they get a notice instead', async () => {
    // Confirmed 360 days ago: due in 5 days, so the run sends a reminder with a single-use "still correct" link.
    const { t, team, pair } = await appWith(true, 360);
    try {
      const editors = await Promise.all(
        ['one', 'two'].map((n) =>
          createUser(t.ctx, { email: `${n}@editors.example.jp`, teams: [{ id: team.id, role: 'editor' }] }),
        ),
      );
      await runReminders(t.ctx, { now: new Date(TEST_NOW) });
      await t.ctx.mailer.flush();
      const received = (address: string) => sink.messages.filter((m) => m.envelopeTo.includes(address));

      const [toTeam] = received('team@headers.example.jp');
      expect(toTeam.envelopeTo).toEqual(['team@headers.example.jp']);
      expect(headerBlock(toTeam.raw)).toMatch(/Content-Type: multipart\/encrypted/);
      const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(toTeam.raw.toString())![0];
      const inner = await simpleParser(Buffer.from((await decryptBytes(pair.privateKey, armored)).data));
      const link = /http:\/\/registry\.test\/confirm\/[\w-]+/.exec(inner.text ?? '')![0];

      for (const editor of editors) {
        const got: SunkMail[] = received(editor.email);
        expect(got).toHaveLength(1);
        const raw = got[0].raw.toString('latin1');
        expect(raw).not.toContain(link);
        expect(raw).not.toContain('/confirm/');
        expect(raw).not.toContain('BEGIN PGP MESSAGE');
        expect(got[0].text).toContain('team@headers.example.jp');
        expect(got[0].text).toContain('暗号化されているため、内容はここには書いていません');
        expect(got[0].text).toContain('so its content is not repeated here');
        expect(got[0].subject).toBe(toTeam.subject);
        expect(got[0].messageId).not.toBe(toTeam.messageId);
      }
    } finally {
      await t.close();
    }
  });

  test('micalg names every hash openpgp may sign with, and refuses to guess one it does not know', () => {
    expect(['sha256', 'sha384', 'sha512', 'sha224', 'sha3_256', 'sha1'].map(micalgOf)).toEqual([
      'pgp-sha256',
      'pgp-sha384',
      'pgp-sha512',
      'pgp-sha224',
      'pgp-sha3-256',
      'pgp-sha1',
    ]);
    expect(() => micalgOf('whirlpool')).toThrow('no PGP/MIME micalg');
  });
});
