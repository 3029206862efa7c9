import { eq } from 'drizzle-orm';
import request from 'supertest';
import { createApp } from '../../src/app';
import { teams } from '../../src/entry/schema';
import { createClaims, createTeam } from '../factories';
import { createTestApp } from '../helpers/app';

describe('directory read cache', () => {
  test('when a team changes after a cached search, then the next search shows the change', async () => {
    const t = await createTestApp();
    try {
      const team = await createTeam(t.ctx, { shortName: 'CACHE-CSIRT' }, { withKey: false });
      const first = await request(t.app).get('/api/v1/teams?q=cache-csirt').expect(200);
      expect(first.body.items[0].officialName.en).toMatch(/^Test/);
      await t.ctx.db.update(teams).set({ officialNameEn: 'Renamed CSIRT' }).where(eq(teams.id, team.id));
      const second = await request(t.app).get('/api/v1/teams?q=cache-csirt').expect(200);
      expect(second.body.items[0].officialName.en).toBe('Renamed CSIRT');
      const page = await request(t.app).get('/teams/cache-csirt?lang=en').expect(200);
      expect(page.text).toContain('Renamed CSIRT');
    } finally {
      await t.close();
    }
  });

  test('when another instance on the same database changes a team, then this instance does not serve the old one', async () => {
    const t = await createTestApp();
    try {
      const other = createApp(t.ctx); // a second app (its own cache) on the same database
      const team = await createTeam(t.ctx, { shortName: 'TWIN-CSIRT' }, { withKey: false });
      await request(t.app).get('/api/v1/teams/twin-csirt').expect(200);
      await request(other).get('/api/v1/teams/twin-csirt').expect(200);
      await t.ctx.db.update(teams).set({ status: 'suspended' }).where(eq(teams.id, team.id));
      await request(t.app).get('/api/v1/teams/twin-csirt').expect(404);
      await request(other).get('/api/v1/teams/twin-csirt').expect(404);
    } finally {
      await t.close();
    }
  });

  test('when time passes, then freshness is recomputed even without a write', async () => {
    const t = await createTestApp();
    try {
      await createTeam(t.ctx, { shortName: 'AGING-CSIRT' }, { withKey: false, confirmedDaysAgo: 360 });
      const before = await request(t.app).get('/api/v1/teams/aging-csirt').expect(200);
      expect(before.body.freshness.state).toBe('due');
      t.ctx.clock.set(new Date(t.ctx.clock.now().getTime() + 40 * 86_400_000));
      const after = await request(t.app).get('/api/v1/teams/aging-csirt').expect(200);
      expect(after.body.freshness.state).toBe('stale');
    } finally {
      await t.close();
    }
  });

  test('when time passes a moment a shown state changes at, then searches, lookups, the kept page and keys show it', async () => {
    const t = await createTestApp();
    try {
      const day = 86_400_000;
      const later = (days: number) => t.ctx.clock.set(new Date(t.ctx.clock.now().getTime() + days * day));
      const aging = await createTeam(t.ctx, { shortName: 'AGED-CSIRT' }, { withKey: false, confirmedDaysAgo: 360 });
      await createClaims(t.ctx, aging.id, ['aged-csirt.example.jp']);
      // Expires in 80 days: valid, then within the 60-day warning, then expired.
      await createTeam(t.ctx, { shortName: 'EXPIRY-CSIRT' }, { keyCreatedDaysAgo: 10, keyValidDays: 90 });
      const states = async () => {
        const search = await request(t.app).get('/api/v1/teams?q=aged-csirt').expect(200);
        const lookup = await request(t.app).get('/api/v1/lookup?q=abuse@aged-csirt.example.jp').expect(200);
        const page = await request(t.app).get('/?q=aged-csirt&lang=en').expect(200);
        const key = await request(t.app).get('/api/v1/teams/expiry-csirt').expect(200);
        return [
          search.body.items[0].freshness.state,
          lookup.body.matches[0].team.freshness.state,
          /data-freshness="(\w+)"/.exec(page.text)?.[1],
          key.body.key.status,
        ];
      };
      expect(await states()).toEqual(['due', 'due', 'due', 'valid']);
      expect(await states()).toEqual(['due', 'due', 'due', 'valid']);
      later(25);
      expect(await states()).toEqual(['overdue', 'overdue', 'overdue', 'expiring']);
      later(60);
      expect(await states()).toEqual(['stale', 'stale', 'stale', 'expired']);
    } finally {
      await t.close();
    }
  });
});
