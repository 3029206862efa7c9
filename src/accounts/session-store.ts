/**
 * express-session store on the application's own database (PGlite and PostgreSQL alike), so one code path serves
 * both and sessions survive restarts and are shared by all instances.
 */
import { eq, lt } from 'drizzle-orm';
import session from 'express-session';
import type { Clock } from '../clock';
import type { Database } from '../db/client';
import { sessions } from './schema';

type Callback = (err?: unknown) => void;

export class DatabaseSessionStore extends session.Store {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {
    super();
  }

  /**
   * Sessions expire `ttlMs` after their last use, by the application's clock (rolling). The cookie's own expiry is
   * the browser's business; judging by one clock keeps expiry testable and consistent across instances.
   */
  private expiry(): Date {
    return new Date(this.clock.now().getTime() + this.ttlMs);
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.db
      .select()
      .from(sessions)
      .where(eq(sessions.sid, sid))
      .limit(1)
      .then(([row]) => {
        if (!row || row.expiresAt <= this.clock.now()) return cb(null, null);
        cb(null, row.sess as unknown as session.SessionData);
      }, cb);
  }

  override set(sid: string, sess: session.SessionData, cb: Callback = () => undefined): void {
    const values = { sid, sess: sess as unknown as Record<string, unknown>, expiresAt: this.expiry() };
    this.db
      .insert(sessions)
      .values(values)
      .onConflictDoUpdate({ target: sessions.sid, set: { sess: values.sess, expiresAt: values.expiresAt } })
      .then(() => cb(), cb);
  }

  override touch(sid: string, _sess: session.SessionData, cb: Callback = () => undefined): void {
    this.db
      .update(sessions)
      .set({ expiresAt: this.expiry() })
      .where(eq(sessions.sid, sid))
      .then(() => cb(), cb);
  }

  override destroy(sid: string, cb: Callback = () => undefined): void {
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(() => cb(), cb);
  }

  /** Removes expired sessions (run periodically). */
  async prune(): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, this.clock.now()));
  }
}
