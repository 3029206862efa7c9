/**
 * The secretariat erases a user: the person's name and address leave every table, a stable pseudonym takes their
 * place as the actor of what they did, they can no longer log in, and the team they kept is as it was.
 */
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { apiTokens, rateLimitEvents, teamMemberships, tokens, users } from '../../src/accounts/schema';
import { loadSessionUser } from '../../src/accounts/session-user';
import { eraseUser, userPseudonym } from '../../src/admin/user-erasure';
import { applicationMessages } from '../../src/admission/schema';
import { auditLog } from '../../src/audit/schema';
import { record } from '../../src/audit/service';
import { drillCampaigns, drills } from '../../src/drills/schema';
import { teamChanges, teams } from '../../src/entry/schema';
import { outbox } from '../../src/mail/schema';
import {
  createApiTokenOf,
  createApplication,
  createApplicationMessage,
  createClaims,
  createTeam,
  createTeamChange,
  createUser,
} from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfFrom, csrfOf, login } from '../helpers/auth';
import { columnsContaining } from '../helpers/columns';

const EMAIL = 'leaving.person@erase.example';
const NAME = '去る 人';
/** Holds EMAIL inside its own address: must come through untouched. */
const OTHER_EMAIL = 'xleaving.person@erase.example';

describe('erasing a user', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Agent;
  let staffId: string;
  let leaving: Agent;
  let userId: string;
  let otherId: string;
  let teamSlug: string;
  let teamBefore: Record<string, unknown>;
  let apiBefore: unknown;
  let apiToken: string;
  let mails: { alone: string; shared: string; sent: string };

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    const team = await createTeam(t.ctx, { shortName: 'ERASE-CSIRT' }, { withKey: false });
    teamSlug = team.slug;
    const staffUser = await createUser(t.ctx, { secretariat: true, email: 'staff@erase.example' });
    staffId = staffUser.id;
    staff = await login(t.app, staffUser.email);
    const user = await createUser(t.ctx, { email: EMAIL, name: NAME, teams: [{ id: team.id, role: 'editor' }] });
    userId = user.id;
    const other = await createUser(t.ctx, { email: OTHER_EMAIL, teams: [{ id: team.id, role: 'member' }] });
    otherId = other.id;
    leaving = await login(t.app, EMAIL);
    apiToken = await createApiTokenOf(t.ctx, userId);

    // What the user did, as each part of the application records it.
    const now = t.ctx.clock.now();
    const actor = { userId, label: EMAIL, ip: '203.0.113.9' };
    await record(db, actor, now, { action: 'team.edited', team: { id: team.id, shortName: team.entry.shortName } });
    await record(db, { userId: null, label: 'anonymous' }, now, {
      action: 'login.failed',
      target: EMAIL.toUpperCase(),
    });
    await record(db, { userId: staffId, label: 'staff@erase.example' }, now, {
      action: 'user.invited',
      target: EMAIL,
      details: { by: `${NAME} <${EMAIL}>` },
    });
    await record(db, { userId: otherId, label: OTHER_EMAIL, ip: '203.0.113.10' }, now, { action: 'team.edited' });
    await createTeamChange(t.ctx, team.id, {
      userId,
      actor: EMAIL,
      changes: [{ field: 'phone', before: '+81355550101', after: '+81355550102' }],
    });
    await db
      .update(teams)
      .set({ confirmedBy: `link ${EMAIL}` })
      .where(eq(teams.id, team.id));
    const [campaign] = await db.insert(drillCampaigns).values({ title: 'All teams', createdBy: EMAIL }).returning();
    await db.insert(drills).values({
      teamId: team.id,
      cycle: `campaign:${campaign.id}`,
      campaignId: campaign.id,
      state: 'answered',
      plannedAt: now,
      answeredBy: EMAIL,
    });
    const [claim] = await createClaims(t.ctx, team.id, ['198.51.100.0/24']);
    await db.execute(
      sql`update constituency_claims set created_by = ${EMAIL}, verified_by = ${EMAIL} where id = ${claim.id}::uuid`,
    );
    // (As a secretariat account would have been: it started and wrote an import, recorded an expected key.)
    await db.execute(
      sql`insert into imports (filename, content, mapping, created_by, committed_by) values ('m.csv', '', '[]', ${EMAIL}, ${EMAIL})`,
    );
    await db.execute(
      sql`insert into expected_keys (team_id, fingerprint, recorded_at, recorded_by) values (${team.id}::uuid, ${'A'.repeat(40)}, now(), ${EMAIL})`,
    );
    const application = await createApplication(t.ctx, {
      state: 'screening',
      applicantName: NAME,
      applicantEmail: EMAIL,
      internalNotes: `called ${EMAIL}`,
    });
    await createApplicationMessage(t.ctx, { applicationId: application.id, body: `Please write to ${EMAIL}.` });
    await db.insert(tokens).values({
      purpose: 'password_reset',
      tokenHash: 'f'.repeat(64),
      userId,
      email: EMAIL,
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
    await db.insert(rateLimitEvents).values({ bucket: 'reset', key: `email:${EMAIL}`, at: now });
    const mail = async (status: 'pending' | 'sent', to: string[], body: string) =>
      (
        await db
          .insert(outbox)
          .values({
            template: 'test.erase',
            toAddresses: to,
            subject: body,
            textBody: body,
            htmlBody: `<p>${body}</p>`,
            status,
            createdAt: now,
            sentAt: status === 'sent' ? now : null,
            nextAttemptAt: status === 'pending' ? now : null,
          })
          .returning()
      )[0].id;
    mails = {
      alone: await mail('pending', [EMAIL], `Welcome ${NAME}`),
      shared: await mail('pending', [OTHER_EMAIL, EMAIL], `News for ${EMAIL}`),
      sent: await mail('sent', [EMAIL.toUpperCase()], `Reset for ${EMAIL}`),
    };

    const [row] = await db.select().from(teams).where(eq(teams.id, team.id));
    teamBefore = row;
    apiBefore = (await request(t.app).get(`/api/v1/teams/${teamSlug}`).expect(200)).body;
  });
  afterAll(() => t.close());

  const erase = async (id: string, confirm = 'yes') =>
    staff
      .post(`/admin/users/${id}/erase`)
      .type('form')
      .send({ confirm, _csrf: await csrfOf(staff, '/admin/users') });

  test('when the box is not ticked, then 422 in the reader’s language and nothing is erased', async () => {
    const res = await erase(userId, '');
    expect(res.status).toBe(422);
    expect(res.text).toContain('消去するには、元に戻せないことの確認にチェックを入れてください。');
    expect(await columnsContaining(t.ctx, EMAIL)).not.toEqual([]);
  });

  test('when the secretariat erases themselves or an unknown user, then 409 and 404', async () => {
    const self = await erase(staffId);
    expect(self.status).toBe(409);
    expect(self.text).toContain('自分自身は消去できません。');
    const unknown = await erase('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('そのユーザーは見つかりませんでした。');
  });

  test('when someone without the secretariat role calls the service, then it refuses', async () => {
    const member = await loadSessionUser(t.ctx.db, otherId);
    await expect(eraseUser(t.ctx, member!, { userId: otherId, label: OTHER_EMAIL }, userId)).rejects.toMatchObject({
      status: 403,
    });
  });

  test('when the user is erased, then the pseudonym replaces name and address everywhere', async () => {
    const pseudonym = userPseudonym(t.ctx.config.sessionSecret, userId);
    expect(pseudonym).toMatch(/^erased-user-[0-9a-f]{10}$/);
    expect(userPseudonym(t.ctx.config.sessionSecret, userId)).toBe(pseudonym);
    expect(userPseudonym(t.ctx.config.sessionSecret, otherId)).not.toBe(pseudonym);
    expect(userPseudonym('another secret of at least thirty-two chars', userId)).not.toBe(pseudonym);

    const page = await staff.get('/admin/users').expect(200);
    expect(page.text).toContain(`/admin/users/${userId}/erase`);
    const res = await staff
      .post(`/admin/users/${userId}/erase`)
      .type('form')
      .send({ confirm: 'yes', _csrf: csrfFrom(page.text) })
      .expect(200);
    expect(res.text).toContain(`ユーザーを消去しました。記録の中では ${pseudonym} と表示されます。`);

    // Nowhere, in any letter case, in any text column of any table.
    expect(await columnsContaining(t.ctx, EMAIL)).toEqual([]);
    // The other user, whose address holds this one, keeps it.
    const [other] = await t.ctx.db.select().from(users).where(eq(users.id, otherId));
    expect(other.email).toBe(OTHER_EMAIL);
    expect(await columnsContaining(t.ctx, NAME)).toEqual([]);

    const entries = await t.ctx.db.select().from(auditLog).orderBy(auditLog.id);
    const own = entries.filter((e) => e.actorUserId === userId);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.actor === pseudonym && e.ip === null)).toBe(true);
    expect(entries.find((e) => e.action === 'login.failed')?.target).toBe(pseudonym);
    expect(entries.find((e) => e.action === 'user.invited')?.details).toEqual({ by: pseudonym });
    const others = entries.filter((e) => e.actorUserId === otherId);
    expect(others.map((e) => [e.actor, e.ip])).toEqual([[OTHER_EMAIL, '203.0.113.10']]);
    const erased = entries.filter((e) => e.action === 'user.erased');
    expect(erased).toHaveLength(1);
    expect(erased[0]).toMatchObject({ actor: 'staff@erase.example', target: pseudonym, details: { pseudonym } });

    const history = await t.ctx.db.select().from(teamChanges);
    expect(history.map((h) => h.actor)).toEqual([pseudonym]);
    const [drill] = await t.ctx.db.select().from(drills);
    expect(drill.answeredBy).toBe(pseudonym);
    const messages = await t.ctx.db.select().from(applicationMessages);
    expect(messages[0].body).toBe(`Please write to ${pseudonym}.`);
  });

  test('when the user is erased, then they cannot log in, their sessions, tokens and memberships are gone', async () => {
    const account = await leaving.get('/account');
    expect(account.status).toBe(302);
    expect(account.headers.location).toMatch(/^\/login/);
    await expect(login(t.app, EMAIL)).rejects.toThrow(/login of .* failed/);
    const [row] = await t.ctx.db.select().from(users).where(eq(users.id, userId));
    expect(row).toMatchObject({ name: '', passwordHash: null, isSecretariat: false, totpSecret: null });
    expect(row.disabledAt).not.toBeNull();
    expect(row.erasedAt).not.toBeNull();
    expect(row.email).toBe(`${userPseudonym(t.ctx.config.sessionSecret, userId)}@erased.invalid`);
    expect(await t.ctx.db.select().from(teamMemberships).where(eq(teamMemberships.userId, userId))).toEqual([]);
    expect(await t.ctx.db.select().from(apiTokens).where(eq(apiTokens.userId, userId))).toEqual([]);
    expect(await t.ctx.db.select().from(tokens).where(eq(tokens.userId, userId))).toEqual([]);
    await request(t.app).get('/api/v1/teams').set('Authorization', `Bearer ${apiToken}`).expect(401);
  });

  test('when the user is erased, then mail to them alone is given up and emptied, shared mail goes to the others', async () => {
    const byId = async (id: string) => (await t.ctx.db.select().from(outbox).where(eq(outbox.id, id)))[0];
    const address = `${userPseudonym(t.ctx.config.sessionSecret, userId)}@erased.invalid`;
    expect(await byId(mails.alone)).toMatchObject({
      status: 'dead',
      toAddresses: [address],
      subject: '',
      textBody: '',
      lastError: 'recipient erased',
    });
    expect(await byId(mails.shared)).toMatchObject({ status: 'pending', toAddresses: [OTHER_EMAIL] });
    expect(await byId(mails.sent)).toMatchObject({ status: 'sent', toAddresses: [address], textBody: '' });
  });

  test('when the user is erased, then the team entry is as it was', async () => {
    const [row] = await t.ctx.db.select().from(teams).where(eq(teams.slug, teamSlug));
    expect({ ...row, confirmedBy: null }).toEqual({ ...teamBefore, confirmedBy: null });
    expect(row.confirmedBy).toBe(`link ${userPseudonym(t.ctx.config.sessionSecret, userId)}`);
    expect((await request(t.app).get(`/api/v1/teams/${teamSlug}`).expect(200)).body).toEqual(apiBefore);
  });

  test('when an erased user is erased again, then it says so and records nothing more', async () => {
    const res = await erase(userId);
    expect(res.status).toBe(200);
    expect(res.text).toContain('このユーザーはすでに消去されています');
    const erased = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'user.erased'));
    expect(erased).toHaveLength(1);
  });
});
