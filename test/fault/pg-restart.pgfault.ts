/**
 * Fault test (PostgreSQL only, run by `npm run test:fault:pg` as root on a machine whose server it may restart):
 * the database server is stopped while writes go on and started again. The app must notice (/readyz 503), recover
 * without a restart of its own (/readyz 200, API answers), and no write it acknowledged may be missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog } from '../../src/audit/schema';
import { record } from '../../src/audit/service';
import { createTestApp } from '../helpers/app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cluster(action: 'stop' | 'start'): void {
  const version = fs.readdirSync('/etc/postgresql').sort().at(-1) as string;
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action], { stdio: 'pipe' });
}

async function until(check: () => Promise<boolean>, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`condition not met within ${seconds} s`);
}

describe('PostgreSQL restarted under load', () => {
  test('when the server goes away and comes back, then readiness follows it, the app recovers by itself and no acknowledged write is lost', async () => {
    if (!process.env.TEST_DATABASE_URL)
      throw new Error('this test needs TEST_DATABASE_URL (a PostgreSQL server it may restart)');
    const t = await createTestApp();
    const acknowledged: number[] = [];
    let failed = 0;
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        try {
          // Any audit action will do (record() takes listed ones only); this database holds nothing else.
          await record(t.ctx.db, { userId: null, label: 'fault test' }, new Date(), {
            action: 'mail.retry',
            target: String(i),
          });
          acknowledged.push(i);
        } catch {
          failed += 1; // not acknowledged: the caller saw the error
        }
        await sleep(10);
      }
    })();
    try {
      await request(t.app).get('/readyz').expect(200);
      await sleep(300);
      cluster('stop');
      await until(async () => (await request(t.app).get('/readyz')).status === 503, 15);
      cluster('start');
      await until(async () => (await request(t.app).get('/readyz')).status === 200, 30);
      await request(t.app).get('/api/v1/teams').expect(200);
      const before = acknowledged.length;
      await until(async () => acknowledged.length > before + 5, 10); // writes go through again
      writing = false;
      await writer;
      // The outage was real (readiness said so). Writes refused meanwhile were never acknowledged (the caller saw the
      // error, counted in \`failed\`); every acknowledged one must be there.
      const stored = await t.ctx.db
        .select({ target: auditLog.target })
        .from(auditLog)
        .where(eq(auditLog.action, 'mail.retry'));
      const kept = new Set(stored.map((r) => Number(r.target)));
      expect(acknowledged.filter((i) => !kept.has(i))).toEqual([]);
      expect(kept.size).toBeGreaterThanOrEqual(acknowledged.length);
      process.stderr.write(
        `pg restart: ${acknowledged.length} writes acknowledged, ${failed} refused during the outage\n`,
      );
    } finally {
      writing = false;
      await writer;
      await t.close();
    }
  }, 120_000);
});
