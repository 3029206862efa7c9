/**
 * The demo announcements: seeded once through the real send, three sent (CLEAR, GREEN, AMBER) and a draft; the AMBER
 * one reached exactly the demo teams with a proven key, and a demo editor finds all three in the archive.
 */
import { eq } from 'drizzle-orm';
import { DEMO_PASSWORD, seedDemoAccounts, seedDemoAnnouncements, seedDemoTeams } from '../../seeds';
import { announcementRecipients, announcements } from '../../src/announcements/schema';
import { teams } from '../../src/entry/schema';
import { teamHasProvenKey } from '../../src/keys/service';
import { createTestApp } from '../helpers/app';
import { login } from '../helpers/auth';

describe('demo announcements', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoTeams(t.ctx);
    await seedDemoAccounts(t.ctx);
    expect(await seedDemoAnnouncements(t.ctx)).toBe(4);
    expect(await seedDemoAnnouncements(t.ctx)).toBe(0); // seeded once
  });
  afterAll(() => t.close());

  test('when the demo is seeded, then three announcements were sent and one waits as a draft; the AMBER one reached the teams with a proven key only', async () => {
    const rows = await t.ctx.db.select().from(announcements);
    expect(rows.map((r) => `${r.tlp} ${r.state}`).sort()).toEqual([
      'amber sent',
      'clear sent',
      'green draft',
      'green sent',
    ]);
    const amber = rows.find((r) => r.tlp === 'amber')!;
    const reached = await t.ctx.db
      .select({ slug: teams.slug, route: announcementRecipients.route })
      .from(announcementRecipients)
      .innerJoin(teams, eq(teams.id, announcementRecipients.teamId))
      .where(eq(announcementRecipients.announcementId, amber.id));
    const keyed = await t.ctx.db
      .select({ slug: teams.slug, keyed: teamHasProvenKey })
      .from(teams)
      .where(eq(teams.status, 'active'));
    expect(
      reached
        .filter((r) => r.route === 'encrypted')
        .map((r) => r.slug)
        .sort(),
    ).toEqual(
      keyed
        .filter((k) => k.keyed)
        .map((k) => k.slug)
        .sort(),
    );
    expect(reached.some((r) => r.route === 'not_reached')).toBe(true);
  });

  test('when the demo editor of SAKURA-CSIRT opens the archive, then the three sent announcements are there', async () => {
    const editor = await login(t.app, 'editor@demo.example', DEMO_PASSWORD);
    const page = await editor.get('/members/announcements?lang=en').expect(200);
    for (const subject of [
      'General meeting 2027',
      'Contacts over the new year',
      'Phishing mail posing as member teams',
    ]) {
      expect(page.text).toContain(subject);
    }
    expect(page.text).not.toContain('Yearly confirmation of your Point of Contact');
  });
});
