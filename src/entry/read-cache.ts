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
 * An expired entry of the current generation is still served while its recomputation runs (for up to another
 * `maxAgeMs`): its data are current — any change would have moved the generation — only its clock-derived states
 * may lag, by at most the recomputation's duration past the age. So an expiry never stalls a popular answer's
 * readers behind a recomputation that blocks the embedded database.
 * Concurrent misses for the same key share one computation: at a few hundred requests a second, an expired popular
 * search would otherwise be ranked once per waiting request, each run blocking the embedded database in turn.
 */
import { eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { DatabaseHandle, DbOrTx } from '../db/client';
import { directoryGeneration } from './schema';

export class DirectoryReadCache {
  private generation = Number.NaN;
  private readonly entries = new Map<string, { at: number; value: unknown }>();
  /** Computations under way for the current generation, by key (emptied with the entries on a change). */
  private readonly inflight = new Map<string, Promise<unknown>>();

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
      this.forget();
    });
    this.generation = 0;
    this.forget();
    this.notified = true;
  }

  /** A computation that started before a change may have read the old data: later reads must not join it. */
  private forget(): void {
    this.entries.clear();
    this.inflight.clear();
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
      this.forget();
      this.generation = generation;
    }
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    const age = hit ? now - hit.at : Number.NaN;
    if (hit && age >= 0 && age < this.opts.maxAgeMs) {
      // Least recently used goes first: re-insert to mark this one as fresh.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const running = this.inflight.get(key);
    if (hit && age >= 0 && age < 2 * this.opts.maxAgeMs) {
      // Expired but of this generation: answer with it, and have it recomputed once in the background.
      if (!running) void this.recompute(key, generation, now, compute).catch(() => undefined);
      return hit.value as T;
    }
    if (running) return running as Promise<T>;
    return this.recompute(key, generation, now, compute);
  }

  private recompute<T>(key: string, generation: number, now: number, compute: () => Promise<T>): Promise<T> {
    const pending = compute()
      .then((value) => {
        // Only keep it if nothing changed while it was computed (else the next read recomputes anyway).
        if (this.generation === generation) this.store(key, now, value);
        return value;
      })
      .finally(() => {
        if (this.inflight.get(key) === pending) this.inflight.delete(key);
      });
    this.inflight.set(key, pending);
    return pending;
  }

  private store(key: string, at: number, value: unknown): void {
    this.entries.set(key, { at, value });
    if (this.entries.size > this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
