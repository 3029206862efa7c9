import { eq } from 'drizzle-orm';
import request from 'supertest';
import { DirectoryReadCache, type Horizon } from '../../src/entry/read-cache';
import { teams } from '../../src/entry/schema';
import { createApiTokenOf, createTeam, createUser } from '../factories';
import { createTestApp, createTestContext } from '../helpers/app';
import { login } from '../helpers/auth';

/** A promise and the function that settles it, to hold a computation open while other reads arrive. */
function gate<T>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('directory read cache: one computation per miss', () => {
  test.each([
    ['generation read per call (PostgreSQL server)', false],
    ['generation from notifications (embedded)', true],
  ])('when many reads of one key miss at once, then one computation serves them all (%s)', async (_label, notified) => {
    const ctx = await createTestContext();
    try {
      const cache = new DirectoryReadCache(ctx.db, ctx.clock);
      if (notified) await cache.subscribe(ctx.database);
      let runs = 0;
      const held = gate<string>();
      const compute = () => {
        runs += 1;
        return held.promise;
      };
      const reads = Array.from({ length: 20 }, () => cache.read('k', compute));
      // Let every read get past its generation check before the one computation ends.
      await new Promise((resolve) => setTimeout(resolve, 50));
      held.open('answer');
      expect(await Promise.all(reads)).toEqual(Array(20).fill('answer'));
      expect(runs).toBe(1);
      expect(await cache.read('k', compute)).toBe('answer');
      expect(runs).toBe(1);
    } finally {
      await ctx.close();
    }
  });

  test('when an answer shows a state that changes at a known moment, then it is kept until then; just after, readers get it at once while one recomputation runs; long after, they wait for a new one', async () => {
    const ctx = await createTestContext();
    try {
      const cache = new DirectoryReadCache(ctx.db, ctx.clock, { maxEntries: 10, staleMs: 60_000 });
      await cache.subscribe(ctx.database);
      const start = ctx.clock.now().getTime();
      const later = (ms: number) => ctx.clock.set(new Date(start + ms));
      const day = 86_400_000;
      let runs = 0;
      const compute = async (horizon: Horizon) => {
        horizon.until(ctx.clock.now().getTime() + 3 * day);
        return `v${++runs}`;
      };
      expect(await cache.read('k', compute)).toBe('v1');
      later(3 * day - 1);
      expect(await cache.read('k', compute)).toBe('v1');
      expect(runs).toBe(1);
      later(3 * day + 1000);
      const held = gate<string>();
      const slow = () => {
        runs += 1;
        return held.promise;
      };
      // Past its moment: the old answer at once, the recomputation started once behind it.
      expect(await Promise.all([cache.read('k', slow), cache.read('k', slow)])).toEqual(['v1', 'v1']);
      expect(runs).toBe(2);
      held.open('v2');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await cache.read('k', slow)).toBe('v2');
      // v2 noted no moment: it holds however long, until the directory changes.
      later(400 * day);
      expect(await cache.read('k', compute)).toBe('v2');
      expect(runs).toBe(2);
    } finally {
      await ctx.close();
    }
  });

  test('when an answer is built from another cached read, then it holds only as long as that read', async () => {
    const ctx = await createTestContext();
    try {
      const cache = new DirectoryReadCache(ctx.db, ctx.clock, { maxEntries: 10, staleMs: 60_000 });
      await cache.subscribe(ctx.database);
      const start = ctx.clock.now().getTime();
      let inner = 0;
      let outer = 0;
      const innerRead = (parent: Horizon) =>
        cache.read(
          'inner',
          async (horizon) => {
            horizon.until(start + 1000);
            return ++inner;
          },
          parent,
        );
      const outerRead = () =>
        cache.read('outer', async (horizon) => `page of ${await innerRead(horizon)} (${++outer})`);
      expect(await outerRead()).toBe('page of 1 (1)');
      expect(await outerRead()).toBe('page of 1 (1)');
      // Long past the inner read's moment: both are computed again, the outer from the new inner.
      ctx.clock.set(new Date(start + 120_000));
      expect(await outerRead()).toBe('page of 2 (2)');
    } finally {
      await ctx.close();
    }
  });

  test('when the directory changes while a computation runs, then a later read does not join it, and the stale answer is not kept', async () => {
    const ctx = await createTestContext();
    try {
      const team = await createTeam(ctx, { shortName: 'RACE-CSIRT' }, { withKey: false });
      const cache = new DirectoryReadCache(ctx.db, ctx.clock);
      const before = gate<string>();
      const first = cache.read('k', () => before.promise);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await ctx.db.update(teams).set({ officialNameEn: 'Changed CSIRT' }).where(eq(teams.id, team.id));
      let fresh = 0;
      const second = await cache.read('k', async () => {
        fresh += 1;
        return 'after';
      });
      expect(second).toBe('after');
      before.open('before');
      expect(await first).toBe('before');
      expect(fresh).toBe(1);
      expect(await cache.read('k', async () => 'recomputed')).toBe('after');
    } finally {
      await ctx.close();
    }
  });

  test('when a computation fails, then every waiting read sees the failure and the next read computes again', async () => {
    const ctx = await createTestContext();
    try {
      const cache = new DirectoryReadCache(ctx.db, ctx.clock);
      const failing = () => Promise.reject(new Error('database gone'));
      const reads = [cache.read('k', failing), cache.read('k', failing)];
      for (const r of reads) await expect(r).rejects.toThrow('database gone');
      expect(await cache.read('k', async () => 'back')).toBe('back');
    } finally {
      await ctx.close();
    }
  });
});

describe('serialised directory answers', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let token: string;
  let memberEmail: string;

  beforeAll(async () => {
    t = await createTestApp();
    const own = await createTeam(t.ctx, { shortName: 'BYTES-CSIRT', phone: '03-5555-4444', notes: 'secretariat only' });
    const user = await createUser(t.ctx, { teams: [{ id: own.id, role: 'member' }] });
    token = await createApiTokenOf(t.ctx, user.id);
    memberEmail = user.email;
  });
  afterAll(() => t.close());

  test('when anonymous, member and token callers alternate on one search, then each sees only what they may', async () => {
    const path = '/api/v1/teams?q=bytes-csirt';
    for (let round = 0; round < 2; round++) {
      const anonymous = await request(t.app).get(path).expect(200);
      expect(anonymous.body.items[0]).not.toHaveProperty('phone');
      const byToken = await request(t.app).get(path).set('Authorization', `Bearer ${token}`).expect(200);
      expect(byToken.body.items[0].phone).toBe('+81355554444');
      expect(byToken.body.items[0]).not.toHaveProperty('notes');
      const again = await request(t.app).get(path).expect(200);
      expect(again.text).toBe(anonymous.text);
      expect(again.headers.etag).toBe(anonymous.headers.etag);
      expect(byToken.headers.etag).not.toBe(anonymous.headers.etag);
    }
    const single = await request(t.app).get('/api/v1/teams/bytes-csirt').expect(200);
    expect(single.body).not.toHaveProperty('phone');
    const singleByToken = await request(t.app)
      .get('/api/v1/teams/bytes-csirt')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(singleByToken.body.phone).toBe('+81355554444');
  });

  test('when a cached answer is asked for with its ETag, then 304; after a change, the new bytes with a new ETag', async () => {
    const path = '/api/v1/teams?q=bytes-csirt';
    const first = await request(t.app).get(path).expect(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    await request(t.app).get(path).set('If-None-Match', first.headers.etag).expect(304);
    await t.ctx.db.update(teams).set({ officialNameEn: 'Rebuilt CSIRT' }).where(eq(teams.slug, 'bytes-csirt'));
    const after = await request(t.app).get(path).set('If-None-Match', first.headers.etag).expect(200);
    expect(after.body.items[0].officialName.en).toBe('Rebuilt CSIRT');
    expect(after.headers.etag).not.toBe(first.headers.etag);
  });

  test('when anonymous readers and a member load the directory page, then the kept page is the anonymous one only', async () => {
    const path = '/?q=bytes-csirt&lang=en';
    const first = await request(t.app).get(path).expect(200);
    const second = await request(t.app).get(path).expect(200);
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(String(first.headers['set-cookie'] ?? '')).not.toContain('registry.sid');
    expect(first.text).not.toContain('_csrf');
    const member = await login(t.app, memberEmail);
    const own = await member.get(path).expect(200);
    expect(own.text).toContain('name="_csrf"');
    expect(own.text).toContain('/logout');
    const after = await request(t.app).get(path).expect(200);
    expect(after.text).toBe(first.text);
    const ja = await request(t.app).get('/?q=bytes-csirt&lang=ja').expect(200);
    expect(ja.text).toContain('lang="ja"');
    expect(ja.text).not.toBe(first.text);
    await t.ctx.db.update(teams).set({ shortName: 'RENAMED-CSIRT' }).where(eq(teams.slug, 'bytes-csirt'));
    expect((await request(t.app).get(path).expect(200)).text).toContain('RENAMED-CSIRT');
  });
});
