import { DEMO_APPLICATIONS, DEMO_PASSWORD, seedDemoAccounts, seedDemoApplications, seedDemoTeams } from '../../seeds';
import { applications } from '../../src/admission/schema';
import { createTestApp } from '../helpers/app';
import { csrfFrom, login } from '../helpers/auth';

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
});
