import { lt } from 'drizzle-orm';
import type { AppContext } from '../context';
import { pruneAttempts } from './rate-limit';
import { sessions, tokens } from './schema';

/** Deletes what has expired: sessions, rate-limit attempts, and tokens a month past their expiry. */
export async function pruneExpired(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.delete(sessions).where(lt(sessions.expiresAt, now));
  await pruneAttempts(ctx.db, now);
  await ctx.db.delete(tokens).where(lt(tokens.expiresAt, new Date(now.getTime() - 30 * 86_400_000)));
}
