import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import {
  DEMO_ACCOUNTS,
  DEMO_APPLICATIONS,
  DEMO_PASSWORD,
  seedDemoAccounts,
  seedDemoApplications,
  seedDemoTeams,
} from '../../seeds';
import { demoRole } from '../../seeds/demo-accounts';
import { membershipsOf } from '../../src/accounts/queries';
import { users } from '../../src/accounts/schema';
import { checklistComplete } from '../../src/admission/options';
import { applications, sponsorships } from '../../src/admission/schema';
import { startupBanner } from '../../src/startup-banner';
import { createTestApp, testConfig } from '../helpers/app';
import { csrfFrom, login } from '../helpers/auth';
import { applicantPath, mailsOf } from './helpers';

describe('demo applications', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoTeams(t.ctx);
    await seedDemoAccounts(t.ctx);
  });
  afterAll(() => t.close());

  test('when the demo data is seeded, then the queue shows applications in at least five states, once however often it runs', async () => {
    expect(await seedDemoApplications(t.ctx)).toBe(DEMO_APPLICATIONS.length);
    expect(await seedDemoApplications(t.ctx)).toBe(0);
    const rows = await t.ctx.db.select().from(applications);
    expect(rows).toHaveLength(DEMO_APPLICATIONS.length);
    expect(new Set(rows.map((r) => r.state)).size).toBeGreaterThanOrEqual(5);

    const staff = await login(t.app, 'secretariat@demo.example', DEMO_PASSWORD);
    const queue = await staff.get('/admin/applications').expect(200);
    for (const name of [
      'MIZUHO-SEIKI-CSIRT',
      'KAGAYAKI-HD-CSIRT',
      'SEASIDE-CLOUD-SIRT',
      'HIBARI-U-CSIRT',
      'AOZORA-LOGI-CSIRT',
    ]) {
      expect(queue.text).toContain(name);
    }
  });

  test('when the demo editor opens the sponsorship list, then the university applicant waits for a second endorsement they can give', async () => {
    const editor = await login(t.app, 'editor@demo.example', DEMO_PASSWORD);
    const list = await editor.get('/members/applications').expect(200);
    expect(list.text).toContain('HIBARI-U-CSIRT');
    const id = /href="\/members\/applications\/([0-9a-f-]{36})"/.exec(list.text)![1];
    const page = await editor.get(`/members/applications/${id}`).expect(200);
    expect(page.text).toContain('推薦 1/2 件');
    await editor
      .post(`/members/applications/${id}/sponsorship`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), team: 'sakura-csirt', kind: 'endorse', reason: '' })
      .expect(303);
    expect((await editor.get(`/members/applications/${id}`)).text).toContain('SAKURA-CSIRT は推薦済みです。');
  });

  test('when the demo is seeded, then the applicant asked a question has the mail with a working link to answer it', async () => {
    await seedDemoApplications(t.ctx);
    const waiting = DEMO_APPLICATIONS.find((d) => d.state === 'needs_info')!;
    const [mail] = await mailsOf(t.ctx, 'application-needs_info', waiting.applicant.email);
    const path = applicantPath(mail.textBody);
    const page = await request(t.app).get(path).expect(200);
    expect(page.text).toContain('name="answer"');
  });
});

describe('demo data against the rules', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoTeams(t.ctx);
    await seedDemoAccounts(t.ctx);
    await seedDemoApplications(t.ctx);
  });
  afterAll(() => t.close());

  test('when the demo applications are seeded, then each is in a state its data could have reached', async () => {
    const now = t.ctx.clock.now();
    const windowMs = t.ctx.config.admission.objectionWindowDays * 86_400_000;
    const required = t.ctx.config.admission.sponsorsRequired;
    const problems: string[] = [];
    for (const app of await t.ctx.db.select().from(applications)) {
      const name = `${app.entry.shortName} (${app.state})`;
      const given = await t.ctx.db.select().from(sponsorships).where(eq(sponsorships.applicationId, app.id));
      const endorsements = given.filter((s) => s.kind === 'endorse').length;
      const objections = given.length - endorsements;
      const pastScreening = given.length > 0 || app.sponsorshipOpenedAt !== null;
      if (app.state !== 'draft' && !app.emailVerifiedAt) problems.push(`${name}: submitted without a verified address`);
      if (['sponsorship', 'decision'].includes(app.state) || (pastScreening && app.state !== 'withdrawn')) {
        if (!checklistComplete(app.checklist)) problems.push(`${name}: past screening with an incomplete checklist`);
        if (!app.sponsorshipOpenedAt || !app.objectionWindowEndsAt) problems.push(`${name}: no sponsorship dates`);
        else if (app.objectionWindowEndsAt.getTime() - app.sponsorshipOpenedAt.getTime() !== windowMs) {
          problems.push(`${name}: a window other than OBJECTION_WINDOW_DAYS`);
        }
      }
      if (app.state === 'decision' || app.state === 'approved' || app.state === 'rejected') {
        const closed =
          endorsements >= required && app.objectionWindowEndsAt !== null && app.objectionWindowEndsAt <= now;
        if (!closed && objections === 0) problems.push(`${name}: reached decision without endorsements or objection`);
      }
      if (!pastScreening && given.length > 0) problems.push(`${name}: sponsorships before sponsorship opened`);
      if (app.state === 'rejected' && (!app.decisionReason || !app.decisionReference)) {
        problems.push(`${name}: rejected without a reason and a decision reference`);
      }
    }
    expect(problems).toEqual([]);
    // One sponsorship can be carried to decision by the demo accounts; one is still open to objections.
    const open = await t.ctx.db.select().from(applications).where(eq(applications.state, 'sponsorship'));
    expect(open.map((a) => (a.objectionWindowEndsAt! <= now ? 'window over' : 'window open')).sort()).toEqual([
      'window open',
      'window over',
    ]);
  });

  test('when npm start prints the demo accounts, then they are the seeded ones, as the README table lists them', async () => {
    const readme = fs.readFileSync(path.join(t.ctx.config.rootDir, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Demo accounts'), readme.indexOf('### Tests'));
    const rows = [...section.matchAll(/^\| `([^`]+)` \| ([^|]+) \|$/gm)].map((m) => ({ email: m[1], text: m[2] }));
    const banner = startupBanner(testConfig({ SEED_DEMO: 'true' }), 3000);
    expect(rows.map((r) => r.email)).toEqual(DEMO_ACCOUNTS.map((a) => a.email));
    for (const account of DEMO_ACCOUNTS) {
      const row = rows.find((r) => r.email === account.email)!;
      expect(`${account.email}: ${row.text.startsWith(demoRole(account))}`).toBe(`${account.email}: true`);
      expect(banner).toMatch(new RegExp(`${account.email.replace('.', '\\.')} +${demoRole(account)}\\n`));
      const user = await t.ctx.db.select().from(users).where(eq(users.email, account.email));
      expect(user).toHaveLength(1);
      const teams = await membershipsOf(t.ctx.db, user[0].id);
      expect(teams.map((m) => `${m.slug} ${m.role}`).sort()).toEqual(
        account.teams.map((m) => `${m.slug} ${m.role}`).sort(),
      );
    }
  });
});
