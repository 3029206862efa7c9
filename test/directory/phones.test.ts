/**
 * Phone numbers: stored in E.164, shown for the reader everywhere a person reads one — domestic (03-5555-0101) to a
 * Japanese reader of a Japanese number, international (+81 3-5555-0101) otherwise — and dialled as RFC 3966 global
 * numbers. Entries from older versions may still hold domestic strings: they are shown the same way.
 */
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { entryOf } from '../../src/entry/entry';
import { entryValues } from '../../src/entry/entry-form';
import { formatPhone, normalizePhone, phoneUri } from '../../src/entry/phone';
import { teams } from '../../src/entry/schema';
import { outbox } from '../../src/mail/schema';
import { runReminders } from '../../src/reminders/run';
import { applicantPath, applicationOf, onlyMail, postApplication, validApplication } from '../admission/helpers';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfFrom, encodeForm, login } from '../helpers/auth';
import { asDelivered } from '../helpers/mailbox';

describe('phone numbers', () => {
  test('when people type a number the ways they do in Japan, then it is stored in E.164; what is not a number is refused', () => {
    for (const typed of [
      '03-5555-0101',
      '03 5555 0101',
      '(03) 5555-0101',
      '０３－５５５５－０１０１',
      '+81 3-5555-0101',
      '+81 (0)3-5555-0101',
      '+81355550101',
    ]) {
      expect([typed, normalizePhone(typed)]).toEqual([typed, '+81355550101']);
    }
    expect(normalizePhone('0120-123-456')).toBe('+81120123456');
    expect(normalizePhone('090-1234-5678')).toBe('+819012345678');
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    for (const bad of ['12', '03-5555-010', 'call 03-5555-0101', '03-5555-0101 ext. 12', '=+81355550101', '']) {
      expect([bad, normalizePhone(bad)]).toEqual([bad, null]);
    }
  });

  test('when a number is shown, then Japanese readers see Japanese numbers domestic, everyone else international, and links are RFC 3966', () => {
    const cases: [string, string, string, string][] = [
      ['+81355550101', '03-5555-0101', '+81 3-5555-0101', 'tel:+81-3-5555-0101'],
      ['03-5555-0101', '03-5555-0101', '+81 3-5555-0101', 'tel:+81-3-5555-0101'], // an older domestic value
      ['+815055550199', '050-5555-0199', '+81 50-5555-0199', 'tel:+81-50-5555-0199'],
      ['+81120123456', '0120-123-456', '+81 120-123-456', 'tel:+81-120-123-456'],
      ['+819012345678', '090-1234-5678', '+81 90-1234-5678', 'tel:+81-90-1234-5678'],
      ['+442079460958', '+44 20 7946 0958', '+44 20 7946 0958', 'tel:+44-20-7946-0958'],
      ['+14155552671', '+1 415 555 2671', '+1 415 555 2671', 'tel:+1-415-555-2671'],
    ];
    for (const [stored, ja, en, uri] of cases) {
      expect([stored, formatPhone(stored, 'ja'), formatPhone(stored, 'en'), phoneUri(stored)]).toEqual([
        stored,
        ja,
        en,
        uri,
      ]);
    }
    // Not a number at all (hand-entered data): shown as it is, never linked.
    expect([formatPhone('内線 1234', 'ja'), phoneUri('内線 1234')]).toEqual(['内線 1234', null]);
  });

  describe('on pages', () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    let member: Agent;
    let editor: Agent;

    beforeAll(async () => {
      t = await createTestApp();
      await createTeam(t.ctx, { shortName: 'E164-CSIRT', phone: '+81355550101', emergencyPhone: '+815055550199' });
      const legacy = await createTeam(t.ctx, { shortName: 'LEGACY-CSIRT', phone: '03-5555-0101' });
      member = await login(t.app, (await createUser(t.ctx, { teams: [{ id: legacy.id, role: 'member' }] })).email);
      editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: legacy.id, role: 'editor' }] })).email);
    });
    afterAll(() => t.close());

    test('when a member opens a team page, then its phones read domestic in Japanese and international in English, stored either way', async () => {
      for (const slug of ['e164-csirt', 'legacy-csirt']) {
        const ja = await member.get(`/teams/${slug}?lang=ja`).expect(200);
        expect(ja.text).toContain('<a href="tel:+81-3-5555-0101">03-5555-0101</a>');
        const en = await member.get(`/teams/${slug}?lang=en`).expect(200);
        expect(en.text).toContain('<a href="tel:+81-3-5555-0101">+81 3-5555-0101</a>');
        expect(en.text).not.toContain('+81355550101');
      }
      const ja = await member.get('/teams/e164-csirt?lang=ja').expect(200);
      expect(ja.text).toContain('<a href="tel:+81-50-5555-0199">050-5555-0199</a>');
    });

    test('when an editor changes the phone, then the history shows both numbers for the reader, not E.164', async () => {
      const [row] = await t.ctx.db.select().from(teams).where(eq(teams.slug, 'legacy-csirt'));
      const fields = encodeForm(
        { version: String(row.version), ...entryValues(entryOf(row)), phone: '03 9999 0000' },
        csrfFrom((await editor.get('/teams/legacy-csirt/edit').expect(200)).text),
      );
      const saved = await editor.post('/teams/legacy-csirt/edit').type('form').send(fields);
      expect([saved.status, saved.headers.location]).toEqual([303, '/teams/legacy-csirt/edit?saved=saved']);
      const ja = await editor.get('/teams/legacy-csirt/history?lang=ja').expect(200);
      expect(ja.text).toMatch(
        /<span class="phone">03-5555-0101<\/span><\/td>\s*<td [^>]*class="message-body"><span class="phone">03-9999-0000</,
      );
      const en = await editor.get('/teams/legacy-csirt/history?lang=en').expect(200);
      expect(en.text).toMatch(
        /<span class="phone">\+81 3-5555-0101<\/span><\/td>\s*<td [^>]*class="message-body"><span class="phone">\+81 3-9999-0000</,
      );
    });

    test('when an applicant and the secretariat read an application, then its phones are shown for the reader', async () => {
      const fields = await validApplication(t.ctx, { phone: '03-1234-5678', applicantPhone: '090 1234 5678' });
      const { res } = await postApplication(t.app, fields, 'ja', t.ctx);
      expect(res.status).toBe(200);
      const link = applicantPath((await onlyMail(t.ctx, 'application-verify', String(fields.applicantEmail))).textBody);
      const ja = await request(t.app).get(`${link}?lang=ja`).expect(200);
      expect(ja.text).toContain('<dd>03-1234-5678</dd>');
      const en = await request(t.app).get(`${link}?lang=en`).expect(200);
      expect(en.text).toContain('<dd>+81 3-1234-5678</dd>');

      const app = await applicationOf(t.ctx, String(fields.shortName));
      const staff = await login(t.app, (await createUser(t.ctx, { secretariat: true })).email);
      const detail = await staff.get(`/admin/applications/${app.id}?lang=en`).expect(200);
      expect(detail.text).toContain('<dd>+81 3-1234-5678</dd>');
      expect(detail.text).toContain('<dd>+81 90-1234-5678</dd>'); // the applicant's own number, stored as typed
    });

    test('when a team opens its confirmation link, then the entry shown has its phones for the reader', async () => {
      await createTeam(
        t.ctx,
        { shortName: 'DUE-CSIRT', email: 'due@due.example.jp', phone: '+81455550100' },
        { confirmedDaysAgo: 360, withKey: false },
      );
      await runReminders(t.ctx, { now: t.ctx.clock.now() });
      const [mail] = await t.ctx.db
        .select()
        .from(outbox)
        .where(sql`'due@due.example.jp' = any(${outbox.toAddresses}) and ${outbox.template} = 'confirmation-reminder'`);
      const link = /http:\/\/registry\.test(\/confirm\/[\w-]+)/.exec(asDelivered(t.ctx, mail).textBody)![1];
      const page = await request(t.app).get(`${link}?lang=ja`).expect(200);
      expect(page.text).toContain('<dd>045-555-0100</dd>');
    });
  });
});
