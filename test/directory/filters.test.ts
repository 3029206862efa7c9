import request from 'supertest';
import { createTeam, createUser } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { login } from '../helpers/auth';

const slugs = (body: { items: { slug: string }[] }) => body.items.map((i) => i.slug).sort();

describe('directory filters', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    const weekdays = { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' };
    await createTeam(
      t.ctx,
      {
        shortName: 'OFFICE-CSIRT',
        businessHours: weekdays,
        emergencyPhone: null,
        services: ['vulnerability_management'],
        constituencyTypes: ['products'],
      },
      { withKey: false },
    );
    await createTeam(
      t.ctx,
      {
        shortName: 'NIGHT-CSIRT',
        businessHours: null,
        emergencyPhone: '+81505550000',
        services: ['information_security_incident_management'],
        constituencyTypes: ['customers'],
      },
      { withKey: false },
    );
    await createTeam(
      t.ctx,
      {
        shortName: 'NEWYORK-CSIRT',
        businessHours: weekdays,
        timeZone: 'America/New_York',
        emergencyPhone: null,
        services: ['vulnerability_management'],
        constituencyTypes: ['own_organization'],
        visibility: { services: 'members' },
      },
      { withKey: false },
    );
  });
  afterAll(() => t.close());
  afterEach(() => t.ctx.clock.set(TEST_NOW));

  /** A logged-in member of a new team with neither business hours nor an emergency line. */
  async function memberOfNewTeam(shortName: string) {
    const team = await createTeam(t.ctx, { shortName, businessHours: null, emergencyPhone: null }, { withKey: false });
    return login(t.app, (await createUser(t.ctx, { teams: [{ id: team.id, role: 'member' }] })).email);
  }

  test('when filtering by service or constituency type, then only matching teams whose field the caller may see are listed', async () => {
    expect(slugs((await request(t.app).get('/api/v1/teams?service=vulnerability_management')).body)).toEqual([
      'office-csirt',
    ]);
    expect(slugs((await request(t.app).get('/api/v1/teams?constituency=customers')).body)).toEqual(['night-csirt']);
    const member = await memberOfNewTeam('VIEWER-CSIRT');
    expect(slugs((await member.get('/api/v1/teams?service=vulnerability_management')).body)).toEqual([
      'newyork-csirt',
      'office-csirt',
    ]);
    const bad = await request(t.app).get('/api/v1/teams?service=astrology');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('サービスの指定が正しくありません。');
  });

  test('when asking who is reachable now, then business hours count in each team’s own time zone, and 24/7 lines for members', async () => {
    t.ctx.clock.set('2026-11-23T01:00:00Z'); // Monday 10:00 in Tokyo, Sunday 20:00 in New York
    expect(slugs((await request(t.app).get('/api/v1/teams?reachable=1')).body)).toEqual(['office-csirt']);
    const member = await memberOfNewTeam('VIEWER2-CSIRT');
    expect(slugs((await member.get('/api/v1/teams?reachable=1')).body)).toEqual(['night-csirt', 'office-csirt']);
    t.ctx.clock.set('2026-11-23T15:00:00Z'); // Tokyo Tuesday 00:00, New York Monday 10:00
    expect(slugs((await request(t.app).get('/api/v1/teams?reachable=1')).body)).toEqual(['newyork-csirt']);
    const page = await request(t.app).get('/?reachable=1&lang=en').expect(200);
    expect(page.text).toContain('NEWYORK-CSIRT');
    expect(page.text).not.toContain('OFFICE-CSIRT</a>');
  });
});
