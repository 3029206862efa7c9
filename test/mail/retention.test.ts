/**
 * Retention works in pages and may run in several instances at once: every row past its period is done exactly
 * once, however the pages fall and however many runs race.
 */
import { sql } from 'drizzle-orm';
import { eraseClosedApplications } from '../../src/admission/retention';
import { applications } from '../../src/admission/schema';
import { addDays } from '../../src/clock';
import { emptyDeliveredMail } from '../../src/mail/retention';
import { outbox } from '../../src/mail/schema';
import { createApplication } from '../factories';
import { createTestContext, type TestContext } from '../helpers/app';

describe('retention in pages', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  test('when more mail is due than a page holds and two runs race, then each message is emptied once', async () => {
    const old = addDays(t.clock.now(), -120);
    await t.db.insert(outbox).values(
      Array.from({ length: 11 }, (_, i) => ({
        template: 'test.pages',
        toAddresses: [`page${i}@pages.example.jp`],
        subject: 's',
        textBody: 't',
        htmlBody: 'h',
        status: 'sent' as const,
        createdAt: old,
        sentAt: old,
      })),
    );
    const [a, b] = await Promise.all([emptyDeliveredMail(t, 3), emptyDeliveredMail(t, 3)]);
    expect(a + b).toBe(11);
    const [left] = await t.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(outbox)
      .where(sql`${outbox.erasedAt} is null`);
    expect(left.n).toBe(0);
    expect(await emptyDeliveredMail(t, 3)).toBe(0);
  });

  test('when more applications are due than a page holds and two runs race, then each is erased once', async () => {
    const old = addDays(t.clock.now(), -400);
    for (let i = 0; i < 7; i += 1) {
      await createApplication(t, { state: i % 2 ? 'rejected' : 'withdrawn', stateChangedAt: old, createdAt: old });
    }
    const [a, b] = await Promise.all([
      eraseClosedApplications(t, undefined, 2),
      eraseClosedApplications(t, undefined, 2),
    ]);
    expect(a + b).toBe(7);
    const rows = await t.db.select({ erasedAt: applications.erasedAt }).from(applications);
    expect(rows.every((r) => r.erasedAt !== null)).toBe(true);
    expect(await eraseClosedApplications(t, undefined, 2)).toBe(0);
  });
});
