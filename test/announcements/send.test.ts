/**
 * Announcements over 500 synthetic teams and three real ones, through the real SMTP sink: every chosen team gets
 * exactly one message with its TLP label in the subject and before the text; encrypted ones decrypt with the team's
 * key; TLP:AMBER goes encrypted to teams with a proven key only, the others listed as not reached, and never in
 * clear — not even when a key is lost between the send and the delivery. A second click sends nothing, a changed
 * recipient list is refused, and a failed delivery is retried from the report.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { seedSyntheticTeams } from '../../seeds/synthetic';
import type { SessionUser } from '../../src/accounts/session-user';
import { loadSessionUser } from '../../src/accounts/session-user';
import { deliveryReport, retryAnnouncement } from '../../src/announcements/report';
import { announcementRecipients } from '../../src/announcements/schema';
import { createAnnouncement, previewAnnouncement, sendAnnouncement } from '../../src/announcements/service';
import { auditLog } from '../../src/audit/schema';
import { teams } from '../../src/entry/schema';
import { teamKeys } from '../../src/keys/schema';
import { setMailEncryption } from '../../src/keys/service';
import { outbox } from '../../src/mail/schema';
import { decryptBytes } from '../../src/pgp';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type SmtpSink, type SunkMail, startSmtpSink } from '../helpers/smtp-sink';

const SYNTHETIC = 500;
const WITHOUT_PROOF = 40;
const ENCRYPTED_BODY = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/;

const headerBlock = (raw: Buffer) => {
  const text = raw.toString('latin1');
  return text.slice(0, text.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
};
const isEncrypted = (m: SunkMail) => /Content-Type: multipart\/encrypted/i.test(headerBlock(m.raw));

const form = (tlp: 'green' | 'amber' | 'red', subject: string) => ({
  tlp,
  subjectJa: `${subject}（日本語）`,
  subjectEn: `${subject} (English)`,
  bodyJa: `本文: ${subject} の詳細です。`,
  bodyEn: `Text: details of ${subject}.`,
});

describe('an announcement to 503 teams', () => {
  let sink: SmtpSink;
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let staff: SessionUser;
  const actor = { userId: null, label: 'staff@announce.example' };
  let optedIn: Awaited<ReturnType<typeof createTeam>>;
  let keyOnly: Awaited<ReturnType<typeof createTeam>>;
  let noKey: Awaited<ReturnType<typeof createTeam>>;
  let active: { id: string; email: string }[];
  let proven: Set<string>;

  const byAddress = (messages: SunkMail[]) => {
    const got = new Map<string, SunkMail[]>();
    for (const m of messages) for (const to of m.envelopeTo) got.set(to, [...(got.get(to) ?? []), m]);
    return got;
  };
  const inner = async (mail: SunkMail, privateKey: string) => {
    const armored = ENCRYPTED_BODY.exec(mail.raw.toString())?.[0] ?? '';
    return simpleParser(Buffer.from((await decryptBytes(privateKey, armored)).data));
  };
  async function send(f: ReturnType<typeof form>) {
    const id = await createAnnouncement(t.ctx, staff, actor, f);
    const preview = await previewAnnouncement(t.ctx, staff, id);
    const outcome = await sendAnnouncement(t.ctx, staff, actor, id, preview.digest);
    if (!outcome.sent) throw new Error('not sent');
    await t.ctx.mailer.deliver(outcome.outboxIds);
    return { id, preview, outboxIds: outcome.outboxIds };
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ env: { SMTP_URL: sink.url } });
    await seedSyntheticTeams(t.ctx, SYNTHETIC, { withKeys: true, keysVerified: true });
    // Some synthetic teams' keys are not proven: AMBER cannot reach them.
    const unproven = await t.ctx.db.select({ id: teams.id }).from(teams).orderBy(teams.slug).limit(WITHOUT_PROOF);
    await t.ctx.db
      .update(teamKeys)
      .set({ verifiedAt: null })
      .where(
        inArray(
          teamKeys.teamId,
          unproven.map((u) => u.id),
        ),
      );
    optedIn = await createTeam(
      t.ctx,
      { shortName: 'OPTED-CSIRT', email: 'poc@opted.example.jp' },
      { keyVerified: true },
    );
    await setMailEncryption(t.ctx.db, optedIn.id, true);
    keyOnly = await createTeam(
      t.ctx,
      { shortName: 'KEYED-CSIRT', email: 'poc@keyed.example.jp' },
      { keyVerified: true },
    );
    noKey = await createTeam(t.ctx, { shortName: 'NOKEY-CSIRT', email: 'poc@nokey.example.jp' }, { withKey: false });
    const user = await createUser(t.ctx, { email: 'staff@announce.example', secretariat: true });
    staff = (await loadSessionUser(t.ctx.db, user.id)) as SessionUser;
    active = await t.ctx.db.select({ id: teams.id, email: teams.email }).from(teams).where(eq(teams.status, 'active'));
    const keyed = await t.ctx.db
      .select({ teamId: teamKeys.teamId })
      .from(teamKeys)
      .where(sql`${teamKeys.role} = 'current' and ${teamKeys.status} = 'valid' and ${teamKeys.verifiedAt} is not null`);
    proven = new Set(keyed.map((k) => k.teamId));
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await sink.close();
  });
  beforeEach(() => {
    sink.messages.length = 0;
  });

  test('when a TLP:GREEN announcement goes to every active team, then each gets exactly one message, labelled, encrypted where the team asked', async () => {
    expect(active.length).toBeGreaterThan(400);
    const { id, preview } = await send(form('green', '年末年始の連絡体制'));
    expect(preview.counts.not_reached).toBe(0);
    const messages = await sink.waitFor(active.length);
    const got = byAddress(messages);
    expect([...got.keys()].sort()).toEqual(active.map((a) => a.email).sort());
    expect([...got.values()].every((list) => list.length === 1)).toBe(true);
    for (const m of messages) {
      expect(m.subject).toMatch(
        /^\[TLP:GREEN\] \[.+\] 年末年始の連絡体制（日本語） \/ 年末年始の連絡体制 \(English\)$/,
      );
      expect(headerBlock(m.raw)).toMatch(/Auto-Submitted: auto-generated/);
    }
    const plain = got.get(keyOnly.entry.email)![0];
    expect(isEncrypted(plain)).toBe(false);
    // The label before the information, in each language.
    expect(plain.text).toMatch(/^TLP:GREEN\n\nKEYED-CSIRT 御中\n\n本文: 年末年始の連絡体制 の詳細です。/);
    expect(plain.text).toMatch(/TLP:GREEN\n\nTo: KEYED-CSIRT\n\nText: details of 年末年始の連絡体制\./);
    expect(plain.text).toContain(`/members/announcements/${id}`);
    const encrypted = got.get(optedIn.entry.email)![0];
    expect(isEncrypted(encrypted)).toBe(true);
    expect(encrypted.raw.toString()).not.toContain('年末年始');
    const opened = await inner(encrypted, optedIn.privateKey!);
    expect(opened.text).toMatch(/^TLP:GREEN\n\nOPTED-CSIRT 御中/);

    const report = await deliveryReport(t.ctx, staff, id, { limit: 1000, offset: 0 });
    expect(report.counts).toMatchObject({ sent: active.length, not_reached: 0, failed: 0, dead: 0, queued: 0 });
    const [sent] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'announcement.sent'));
    expect(sent.details).toMatchObject({ announcementId: id, tlp: 'green', teams: active.length, notReached: 0 });
  }, 120_000);

  test('when a TLP:AMBER announcement is sent, then only teams with a proven key get it, all encrypted, and the others are listed as not reached', async () => {
    const { id, preview } = await send(form('amber', '標的型攻撃の兆候'));
    const reachable = active.filter((a) => proven.has(a.id));
    expect(preview.counts).toEqual({
      encrypted: reachable.length,
      unencrypted: 0,
      not_reached: active.length - reachable.length,
    });
    const messages = await sink.waitFor(reachable.length);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.messages).toHaveLength(reachable.length);
    const got = byAddress(messages);
    expect([...got.keys()].sort()).toEqual(reachable.map((a) => a.email).sort());
    expect(got.has(noKey.entry.email)).toBe(false);
    // Never in clear: every message is PGP/MIME encrypted, and no byte of the text is readable on the wire.
    for (const m of messages) {
      expect(isEncrypted(m)).toBe(true);
      expect(m.subject).toMatch(/^\[TLP:AMBER\] /);
      expect(m.raw.toString()).not.toContain('標的型攻撃の兆候 の詳細');
      expect(m.raw.toString()).not.toContain('details of');
    }
    // Encrypted to a team that did not ask for encrypted mail, too: it has a proven key.
    const opened = await inner(got.get(keyOnly.entry.email)![0], keyOnly.privateKey!);
    expect(opened.text).toMatch(/^TLP:AMBER\n\nKEYED-CSIRT 御中\n\n本文: 標的型攻撃の兆候 の詳細です。/);
    expect(opened.text).toContain('TLP:AMBER: ');

    const report = await deliveryReport(t.ctx, staff, id, { limit: 1000, offset: 0 });
    expect(report.counts.sent).toBe(reachable.length);
    expect(report.counts.not_reached).toBe(active.length - reachable.length);
    // Not reached first: what the secretariat has to act on.
    expect(report.rows[0].state).toBe('not_reached');
    expect(report.rows.find((r) => r.teamId === noKey.id)).toMatchObject({
      state: 'not_reached',
      route: 'not_reached',
    });
  }, 120_000);

  test('when a team loses its proven key between the send and the delivery, then its TLP:AMBER message fails instead of going out in clear', async () => {
    const id = await createAnnouncement(t.ctx, staff, actor, form('amber', '鍵の失効'));
    const preview = await previewAnnouncement(t.ctx, staff, id);
    const outcome = await sendAnnouncement(t.ctx, staff, actor, id, preview.digest);
    if (!outcome.sent) throw new Error('not sent');
    await t.ctx.db.update(teamKeys).set({ verifiedAt: null }).where(eq(teamKeys.teamId, keyOnly.id));
    try {
      // The two real teams' messages: the one whose key is gone, and one that still has its key.
      const mine = await t.ctx.db
        .select({ teamId: announcementRecipients.teamId, outboxId: announcementRecipients.outboxId })
        .from(announcementRecipients)
        .where(
          sql`${announcementRecipients.announcementId} = ${id} and ${announcementRecipients.teamId} in (${keyOnly.id}, ${optedIn.id})`,
        );
      await t.ctx.mailer.deliver(mine.map((m) => m.outboxId as string));
      const [other] = await sink.waitFor(1);
      expect(other.envelopeTo).toEqual([optedIn.entry.email]);
      expect(byAddress(sink.messages).has(keyOnly.entry.email)).toBe(false);
      const [row] = await t.ctx.db
        .select({ status: outbox.status, lastError: outbox.lastError })
        .from(announcementRecipients)
        .innerJoin(outbox, eq(outbox.id, announcementRecipients.outboxId))
        .where(
          sql`${announcementRecipients.announcementId} = ${id} and ${announcementRecipients.teamId} = ${keyOnly.id}`,
        );
      expect(row.status).toBe('failed');
      expect(row.lastError).toMatch(/not sent in clear/);

      // Proven again, the retry from the report sends it — encrypted.
      await t.ctx.db.update(teamKeys).set({ verifiedAt: t.ctx.clock.now() }).where(eq(teamKeys.teamId, keyOnly.id));
      sink.messages.length = 0;
      const retried = await retryAnnouncement(t.ctx, staff, actor, id);
      expect(retried).toHaveLength(1);
      await t.ctx.mailer.deliver(retried);
      const [again] = await sink.waitFor(1);
      expect(again.envelopeTo).toEqual([keyOnly.entry.email]);
      expect(isEncrypted(again)).toBe(true);
      const report = await deliveryReport(t.ctx, staff, id, { limit: 10, offset: 0 });
      expect(report.counts.failed + report.counts.dead).toBe(0);
      expect(report.counts.sent).toBe(2);
    } finally {
      await t.ctx.db.update(teamKeys).set({ verifiedAt: t.ctx.clock.now() }).where(eq(teamKeys.teamId, keyOnly.id));
    }
  }, 120_000);

  test('when the send is clicked twice, then the teams get one message each; when the recipients changed after the preview, then nothing is sent', async () => {
    const id = await createAnnouncement(t.ctx, staff, actor, {
      ...form('green', '二度押し'),
      region: 'kyushu_okinawa',
    });
    const preview = await previewAnnouncement(t.ctx, staff, id);
    const [first, second] = await Promise.all([
      sendAnnouncement(t.ctx, staff, actor, id, preview.digest),
      sendAnnouncement(t.ctx, staff, actor, id, preview.digest),
    ]);
    expect([first.sent, second.sent].sort()).toEqual([false, true]);
    const rows = await t.ctx.db
      .select()
      .from(announcementRecipients)
      .where(eq(announcementRecipients.announcementId, id));
    expect(rows.length).toBe(preview.recipients.length);
    expect(new Set(rows.map((r) => r.outboxId)).size).toBe(rows.length);

    const changed = await createAnnouncement(t.ctx, staff, actor, form('green', '宛先の変化'));
    const before = await previewAnnouncement(t.ctx, staff, changed);
    await t.ctx.db.update(teams).set({ status: 'suspended' }).where(eq(teams.id, noKey.id));
    try {
      await expect(sendAnnouncement(t.ctx, staff, actor, changed, before.digest)).rejects.toMatchObject({
        status: 409,
        messageKey: 'announcement.error.recipientsChanged',
      });
      const written = await t.ctx.db
        .select()
        .from(announcementRecipients)
        .where(eq(announcementRecipients.announcementId, changed));
      expect(written).toHaveLength(0);
    } finally {
      await t.ctx.db.update(teams).set({ status: 'active' }).where(eq(teams.id, noKey.id));
    }
  });
});
