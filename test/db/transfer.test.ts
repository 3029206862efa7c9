import {
  DEMO_ACCOUNTS,
  DEMO_APPLICATIONS,
  seedDemoAccounts,
  seedDemoApplications,
  seedDemoSnapshots,
  seedDemoTeams,
} from '../../seeds';
import { fixedClock } from '../../src/clock';
import { openPglite } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrate';
import { runReminders } from '../../src/reminders/run';
import { exportAll, ImportError, importAll } from '../../src/transfer';
import { createTestContext, TEST_NOW, testConfig } from '../helpers/app';

describe('moving house: export-all and import-all', () => {
  test('when the embedded database is exported and imported into a new database, then every table comes back the same', async () => {
    // The source is always an embedded database; the target is the suite's database (PostgreSQL in that run).
    const config = testConfig();
    const source = await openPglite(undefined);
    await runMigrations(source, config.rootDir);
    const ctx = { db: source.db, clock: fixedClock(TEST_NOW), config };
    await seedDemoTeams(ctx);
    await seedDemoAccounts(ctx);
    await seedDemoApplications(ctx);
    await seedDemoSnapshots(ctx);
    const target = await createTestContext();
    try {
      await runReminders({ ...ctx, mailer: target.mailer }, { now: new Date(TEST_NOW) }); // outbox, log, tokens
      const exported = await exportAll(source.db, new Date(TEST_NOW));
      const counts = Object.fromEntries(Object.entries(exported.tables).map(([k, v]) => [k, v.length]));
      expect(counts).toMatchObject({
        teams: 24,
        users: DEMO_ACCOUNTS.length,
        applications: DEMO_APPLICATIONS.length,
        freshness_snapshots: 12,
      });
      expect(counts.outbox).toBeGreaterThan(5);
      expect(counts.reminder_log).toBe(counts.outbox);
      expect(counts.team_keys).toBeGreaterThan(20);

      // Through text, as a file would carry it.
      const doc = JSON.parse(JSON.stringify(exported));
      expect(await importAll(target.db, doc)).toMatchObject(counts);
      const again = await exportAll(target.db, new Date(TEST_NOW));
      for (const [table, rows] of Object.entries(exported.tables)) {
        expect([table, JSON.parse(JSON.stringify(again.tables[table]))]).toEqual([
          table,
          JSON.parse(JSON.stringify(rows)),
        ]);
      }
      // Importing twice is refused: the database is no longer empty, and nothing is half-loaded.
      await expect(importAll(target.db, doc)).rejects.toThrow(ImportError);
    } finally {
      await target.close();
      await source.close();
    }
  });

  test('when the document is not an export, then it is refused before anything is written', async () => {
    const target = await createTestContext();
    try {
      await expect(importAll(target.db, { hello: 'world' })).rejects.toThrow('not a csirt-registry-export document');
      await expect(importAll(target.db, { format: 'csirt-registry-export', version: 99, tables: {} })).rejects.toThrow(
        'unsupported export version 99',
      );
      await expect(
        importAll(target.db, { format: 'csirt-registry-export', version: 1, tables: { secrets: [] } }),
      ).rejects.toThrow('unknown tables in the document: secrets');
    } finally {
      await target.close();
    }
  });
});
