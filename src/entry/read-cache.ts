/**
 * A cache of directory reads (searches and team pages), shared by the pages and the API. The directory is read far
 * more than it is written; without this, every broad search would rank thousands of rows.
 *
 * Invalidation follows the database, so no write path can forget it: triggers on teams and keys bump a generation
 * counter and NOTIFY "directory_changed".
 * - Embedded database (one process by design): the NOTIFY arrives synchronously at commit and empties the cache;
 *   a cached answer costs no query at all.
 * - PostgreSQL server (several instances): before answering from the cache, one primary-key lookup reads the
 *   generation; a new one empties the cache, so an instance never serves what another instance has changed.
 * Entries also expire after `maxAgeMs`, because what is shown depends on the clock too (freshness, key expiry).
 */
import { eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { DatabaseHandle, DbOrTx } from '../db/client';
import { directoryGeneration } from './schema';

export class DirectoryReadCache {
  private generation = Number.NaN;
  private readonly entries = new Map<string, { at: number; value: unknown }>();

  /** True once change notifications are subscribed: the generation then needs no query. */
  private notified = false;

  constructor(
    private readonly db: DbOrTx,
    private readonly clock: Clock,
    private readonly opts: { maxEntries: number; maxAgeMs: number } = { maxEntries: 1000, maxAgeMs: 60_000 },
  ) {}

  /** Subscribes to change notifications where the database can deliver them reliably (embedded only). */
  async subscribe(database: Pick<DatabaseHandle, 'listen'>): Promise<void> {
    if (!database.listen) return;
    await database.listen('directory_changed', () => {
      this.generation += 1;
      this.entries.clear();
    });
    this.generation = 0;
    this.entries.clear();
    this.notified = true;
  }

  private async currentGeneration(): Promise<number> {
    if (this.notified) return this.generation;
    const [row] = await this.db
      .select({ value: directoryGeneration.value })
      .from(directoryGeneration)
      .where(eq(directoryGeneration.id, 1));
    return row?.value ?? -1;
  }

  async read<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const generation = await this.currentGeneration();
    if (generation !== this.generation) {
      this.entries.clear();
      this.generation = generation;
    }
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && now >= hit.at && now - hit.at < this.opts.maxAgeMs) {
      // Least recently used goes first: re-insert to mark this one as fresh.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const value = await compute();
    // Only keep it if nothing changed while it was computed (else the next read recomputes anyway).
    if (this.generation === generation) {
      this.entries.set(key, { at: now, value });
      if (this.entries.size > this.opts.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return value;
  }
}
