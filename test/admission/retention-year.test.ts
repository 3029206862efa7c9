/**
 * A simulated year of housekeeping over a mix of applications and mail: the clock steps one day at a time and each
 * day the step runs, and each day exactly what is past its retention period has been erased — no more, no less.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { applicationMessages, applications, sponsorships } from '../../src/admission/schema';
import { auditLog } from '../../src/audit/schema';
import { record } from '../../src/audit/service';
import { addDays } from '../../src/clock';
import { runHousekeeping } from '../../src/housekeeping';
import { recipientHashOf } from '../../src/mail/retention';
import { type OutboxStatus, outbox } from '../../src/mail/schema';
import {
  buildTeamEntry,
  createApplication,
  createApplicationMessage,
  createSponsorship,
  createTeam,
  createUser,
} from '../factories';
import { createTestContext, type TestContext } from '../helpers/app';
import { columnsContaining } from '../helpers/columns';

const START = new Date('2027-01-01T00:00:00Z');
const APPLICATION_DAYS = 365;
const MAIL_DAYS = 90;

type AppState = 'rejected' | 'withdrawn' | 'approved' | 'screening' | 'decision';
/** State, and the day (relative to START) it was reached. */
const APPLICATION_MIX: [AppState, number][] = [
  ['rejected', -400],
  ['rejected', -366],
  ['rejected', -365],
  ['rejected', -200],
  ['rejected', 0],
  ['rejected', 100],
  ['withdrawn', -500],
  ['withdrawn', -300],
  ['withdrawn', -1],
  ['withdrawn', 30],
  ['approved', -700],
  ['approved', -100],
  ['screening', -600],
  ['decision', -450],
];
/** Status, and the day it was sent (sent) or stored (the others). */
const MAIL_MIX: [OutboxStatus, number][] = [
  ['sent', -200],
  ['sent', -91],
  ['sent', -90],
  ['sent', -10],
  ['sent', 150],
  ['sent', 300],
  ['captured', -95],
  ['captured', 200],
  ['failed', -300],
  ['pending', -250],
  ['dead', -400],
  ['sending', -120],
];

const REGIONS = ['kanto', 'kansai', 'kyushu'] as const;

describe('retention over a simulated year', () => {
  let t: TestContext;
  const apps: { id: string; state: AppState; day: number; email: string }[] = [];
  const mails: { id: string; status: OutboxStatus; day: number; to: string }[] = [];
  let before: Map<string, unknown>;

  beforeAll(async () => {
    t = await createTestContext({
      env: { RETENTION_APPLICATION_DAYS: String(APPLICATION_DAYS), RETENTION_MAIL_DAYS: String(MAIL_DAYS) },
    });
    t.clock.set(START);
    const sponsor = await createTeam(t, { shortName: 'SPONSOR-CSIRT' }, { withKey: false });
    const editor = await createUser(t, { teams: [{ id: sponsor.id, role: 'editor' }] });
    for (const [i, [state, day]] of APPLICATION_MIX.entries()) {
      const at = addDays(START, day);
      const email = `applicant${i}@retention${i}.example.jp`;
      const row = await createApplication(t, {
        state,
        entry: buildTeamEntry({ shortName: `RET${i}-CSIRT`, region: REGIONS[i % 3] }),
        applicantName: `申請 ${i}`,
        applicantEmail: email,
        applicantPhone: '+81355550000',
        deputyName: `代理 ${i}`,
        deputyEmail: `deputy${i}@retention${i}.example.jp`,
        keyArmored: 'armored key',
        keyFingerprint: 'ABCD'.repeat(10),
        internalNotes: `notes on ${email}`,
        decisionReason: state === 'rejected' ? `reason for ${email}` : null,
        decisionReference: `minute ${i}`,
        createdAt: addDays(at, -20),
        stateChangedAt: at,
      });
      apps.push({ id: row.id, state, day, email });
      await createApplicationMessage(t, { applicationId: row.id, body: `question to ${email}` });
      await createSponsorship(t, {
        applicationId: row.id,
        teamId: sponsor.id,
        userId: editor.id,
        reason: `I know ${email}`,
      });
      await record(t.db, { userId: null, label: `applicant ${email}`, ip: '198.51.100.7' }, at, {
        action: 'application.withdraw',
        target: `RET${i}-CSIRT (${row.id})`,
        details: { from: 'screening', to: 'withdrawn' },
      });
    }
    for (const [i, [status, day]] of MAIL_MIX.entries()) {
      const at = addDays(START, day);
      const to = `person${i}@mail${i}.example.jp`;
      const [row] = await t.db
        .insert(outbox)
        .values({
          template: 'test.retention',
          toAddresses: [to],
          ccAddresses: [`Copy${i}@Mail${i}.example.jp`],
          subject: `Hello ${to}`,
          textBody: `Dear ${to}`,
          htmlBody: `<p>Dear ${to}</p>`,
          sealedLinks: 'sealed',
          status,
          attempts: status === 'sent' ? 1 : 3,
          lastError: status === 'sent' ? null : 'smtp down',
          createdAt: status === 'sent' ? addDays(at, -1) : at,
          sentAt: status === 'sent' ? at : null,
        })
        .returning();
      mails.push({ id: row.id, status, day, to });
    }
    before = await snapshot();
  });
  afterAll(() => t.close());

  async function snapshot(): Promise<Map<string, unknown>> {
    const rows = new Map<string, unknown>();
    for (const a of await t.db.select().from(applications)) rows.set(a.id, a);
    for (const m of await t.db.select().from(outbox)) rows.set(m.id, m);
    return rows;
  }

  const appDue = (a: (typeof apps)[number], today: Date) =>
    (a.state === 'rejected' || a.state === 'withdrawn') && addDays(START, a.day) < addDays(today, -APPLICATION_DAYS);
  const mailDue = (m: (typeof mails)[number], today: Date) =>
    (m.status === 'sent' || m.status === 'captured') && addDays(START, m.day) < addDays(today, -MAIL_DAYS);

  test('when the clock steps through a year day by day, then each day exactly what is past its period is erased', async () => {
    const runs: { applicationsErased: number; mailEmptied: number }[] = [];
    for (let day = 0; day <= 366; day += 1) {
      const today = addDays(START, day);
      t.clock.set(today);
      runs.push(await runHousekeeping(t));
      const erased = await t.db
        .select({ id: applications.id })
        .from(applications)
        .where(sql`${applications.erasedAt} is not null`);
      const emptied = await t.db.select({ id: outbox.id }).from(outbox).where(sql`${outbox.erasedAt} is not null`);
      expect({ day, ids: erased.map((r) => r.id).sort() }).toEqual({
        day,
        ids: apps
          .filter((a) => appDue(a, today))
          .map((a) => a.id)
          .sort(),
      });
      expect({ day, ids: emptied.map((r) => r.id).sort() }).toEqual({
        day,
        ids: mails
          .filter((m) => mailDue(m, today))
          .map((m) => m.id)
          .sort(),
      });
    }
    // Each row is erased once: the counts of the runs add up to the rows, later runs find nothing more.
    const end = addDays(START, 366);
    expect(runs.reduce((n, r) => n + r.applicationsErased, 0)).toBe(apps.filter((a) => appDue(a, end)).length);
    expect(runs.reduce((n, r) => n + r.mailEmptied, 0)).toBe(mails.filter((m) => mailDue(m, end)).length);
    expect(apps.filter((a) => appDue(a, end)).length).toBe(8);
    expect(mails.filter((m) => mailDue(m, end)).length).toBe(7);
  }, 180_000);

  test('when applications are erased, then their personal data are gone and the anonymised record stays', async () => {
    const end = addDays(START, 366);
    const erasedIds = apps.filter((a) => appDue(a, end)).map((a) => a.id);
    const rows = await t.db.select().from(applications).where(inArray(applications.id, erasedIds));
    for (const row of rows) {
      const was = before.get(row.id) as typeof row;
      expect(row).toMatchObject({
        state: was.state,
        stateChangedAt: was.stateChangedAt,
        createdAt: was.createdAt,
        decisionReference: was.decisionReference,
        attestations: was.attestations,
        applicantName: '',
        applicantEmail: '',
        applicantPhone: null,
        deputyName: null,
        deputyEmail: null,
        keyArmored: null,
        keyFingerprint: null,
        internalNotes: '',
        decisionReason: null,
      });
      expect(row.entry).toMatchObject({
        shortName: `erased-${row.id.slice(0, 8)}`,
        region: was.entry.region,
        industry: was.entry.industry,
        officialName: { ja: '', en: '' },
        organization: { ja: '', en: '' },
        email: '',
        phone: '',
        introduction: { overview: { ja: '', en: '' } },
      });
      expect(row.accessTokenHash).toBe(`erased:${row.id}`);
    }
    const messages = await t.db
      .select()
      .from(applicationMessages)
      .where(inArray(applicationMessages.applicationId, erasedIds));
    expect(messages).toEqual([]);
    const kept = await t.db.select().from(sponsorships).where(inArray(sponsorships.applicationId, erasedIds));
    expect(kept).toHaveLength(erasedIds.length);
    expect(kept.every((s) => s.reason === '' && s.userId === null && s.kind === 'endorse')).toBe(true);

    // Nothing of an erased applicant is anywhere in the database, whatever the table or column.
    for (const a of apps.filter((x) => appDue(x, end))) {
      expect(await columnsContaining(t, a.email)).toEqual([]);
      expect(await columnsContaining(t, `RET${apps.indexOf(a)}-CSIRT`)).toEqual([]);
    }
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'application.erased'));
    expect(audit.flatMap((e) => e.details.applications as string[]).sort()).toEqual([...erasedIds].sort());
  });

  test('when the year is over, then everything not past its period is exactly as it was', async () => {
    const end = addDays(START, 366);
    const now = await snapshot();
    for (const a of apps.filter((x) => !appDue(x, end))) expect(now.get(a.id)).toEqual(before.get(a.id));
    for (const m of mails.filter((x) => !mailDue(x, end))) expect(now.get(m.id)).toEqual(before.get(m.id));
    // The kept applicants are still found where they were (messages, sponsorship reasons).
    const keptIds = apps.filter((x) => !appDue(x, end)).map((a) => a.id);
    const reasons = await t.db.select().from(sponsorships).where(inArray(sponsorships.applicationId, keptIds));
    expect(reasons.every((s) => s.reason.startsWith('I know '))).toBe(true);
  });

  test('when mail is emptied, then the delivery record stays with its recipients as keyed hashes', async () => {
    const end = addDays(START, 366);
    for (const m of mails.filter((x) => mailDue(x, end))) {
      const [row] = await t.db.select().from(outbox).where(eq(outbox.id, m.id));
      const was = before.get(m.id) as typeof row;
      expect(row).toMatchObject({
        template: 'test.retention',
        status: was.status,
        attempts: was.attempts,
        createdAt: was.createdAt,
        sentAt: was.sentAt,
        subject: '',
        textBody: '',
        htmlBody: '',
        sealedLinks: null,
        lastError: null,
      });
      expect(row.toAddresses).toEqual([recipientHashOf(t.config.sessionSecret, m.to)]);
      expect(row.ccAddresses).toEqual([recipientHashOf(t.config.sessionSecret, was.ccAddresses[0])]);
      expect(row.toAddresses[0]).toMatch(/^recipient-[0-9a-f]{16}$/);
      expect(await columnsContaining(t, m.to)).toEqual([]);
    }
  });

  test('when the counts are taken, then erased applications still count by state and region', async () => {
    const counts = await t.db
      .select({
        state: applications.state,
        region: sql<string>`${applications.entry} ->> 'region'`,
        n: sql<number>`count(*)`.mapWith(Number),
      })
      .from(applications)
      .groupBy(applications.state, sql`${applications.entry} ->> 'region'`);
    const expected = new Map<string, number>();
    for (const [i, [state]] of APPLICATION_MIX.entries()) {
      const key = `${state}/${REGIONS[i % 3]}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(new Map(counts.map((c) => [`${c.state}/${c.region}`, c.n]))).toEqual(expected);
  });

  test('when the housekeeping runs again at the same instant, then it erases nothing more', async () => {
    t.clock.set(addDays(START, 366));
    expect(await runHousekeeping(t)).toMatchObject({ applicationsErased: 0, mailEmptied: 0 });
  });
});
