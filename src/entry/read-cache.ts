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
 * What is shown depends on the clock too (freshness, key expiry), but only at known moments: a computation notes on
 * its Horizon each moment a state it shows changes by time alone, and the answer is kept until the earliest of them
 * (or, if it noted none, until the generation moves). A fixed age used to expire every answer each minute, and each
 * recomputation of a popular search blocked the embedded database — the server's event loop — for 0.1–0.3 s.
 * An answer past its moment is still served while its recomputation runs (for up to `staleMs` past it): its data
 * are current — any change would have moved the generation — only a clock-derived state may lag, by at most the
 * recomputation's duration. Concurrent misses for the same key share one computation: at a few hundred requests a
 * second, an expired popular search would otherwise be ranked once per waiting request.
 */
import { eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { DatabaseHandle, DbOrTx } from '../db/client';
import { directoryGeneration } from './schema';

/**
 * Until when an answer holds by the clock: the earliest moment noted. Presenters note where they compare a stored
 * instant with the clock; a cached read notes its own moment on the horizon of the answer built from it.
 */
export class Horizon {
  private end = Number.POSITIVE_INFINITY;

  /** Something shown changes at `moment` (null or undefined: never by the clock). */
  until(moment: Date | number | null | undefined): void {
    if (moment === null || moment === undefined) return;
    const at = typeof moment === 'number' ? moment : moment.getTime();
    if (at < this.end) this.end = at;
  }

  /** The earliest moment noted, in epoch milliseconds (Infinity when none). */
  get at(): number {
    return this.end;
  }
}

interface Entry {
  /** When it was computed: a clock set back before it (tests) makes it a miss rather than a glimpse of the future. */
  at: number;
  until: number;
  value: unknown;
  /** The cache's count of stores and touches when this entry was last stored or touched (approximate LRU). */
  used: number;
}

export class DirectoryReadCache {
  private generation = Number.NaN;
  private readonly entries = new Map<string, Entry>();
  /** Computations under way for the current generation, by key (emptied with the entries on a change). */
  private readonly inflight = new Map<string, Promise<Entry>>();

  /** True once change notifications are subscribed: the generation then needs no query. */
  private notified = false;
  /** Stores and touches so far: an entry touched less than half the cache ago is recent enough to stay put. */
  private uses = 0;

  constructor(
    private readonly db: DbOrTx,
    private readonly clock: Clock,
    private readonly opts: { maxEntries: number; staleMs: number } = { maxEntries: 1000, staleMs: 60_000 },
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

  /**
   * The cached answer for `key`, or `compute`'s. `compute` notes on the horizon it is given when its answer stops
   * holding by the clock; `parent`, the horizon of an answer being built from this one, learns the same moment.
   */
  read<T>(key: string, compute: (horizon: Horizon) => Promise<T>, parent?: Horizon): Promise<T> {
    // With notifications the generation is at hand: a hit then takes no asynchronous step before its answer.
    if (this.notified) return this.readAt(this.generation, key, compute, parent);
    return this.currentGeneration().then((generation) => this.readAt(generation, key, compute, parent));
  }

  private async readAt<T>(
    generation: number,
    key: string,
    compute: (horizon: Horizon) => Promise<T>,
    parent?: Horizon,
  ): Promise<T> {
    if (generation !== this.generation) {
      this.forget();
      this.generation = generation;
    }
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    const usable = hit !== undefined && now >= hit.at;
    if (hit && usable && now < hit.until) {
      // Least recently used goes first: re-insert to mark this one as fresh, unless it was recently enough already
      // (a popular answer is not moved on every hit).
      if (this.uses - hit.used > this.opts.maxEntries / 2) {
        hit.used = ++this.uses;
        this.entries.delete(key);
        this.entries.set(key, hit);
      }
      parent?.until(hit.until);
      return hit.value as T;
    }
    const running = this.inflight.get(key);
    if (hit && usable && now - hit.until < this.opts.staleMs) {
      // Past its moment but of this generation: answer with it, and have it recomputed once in the background.
      // The parent learns the moment already past, so it is recomputed on its next read too.
      if (!running) void this.recompute(key, generation, now, compute).catch(() => undefined);
      parent?.until(hit.until);
      return hit.value as T;
    }
    const entry = await (running ?? this.recompute(key, generation, now, compute));
    parent?.until(entry.until);
    return entry.value as T;
  }

  private recompute<T>(
    key: string,
    generation: number,
    now: number,
    compute: (horizon: Horizon) => Promise<T>,
  ): Promise<Entry> {
    const horizon = new Horizon();
    const pending = compute(horizon)
      .then((value): Entry => {
        const entry = { at: now, until: horizon.at, value, used: ++this.uses };
        // Only keep it if nothing changed while it was computed (else the next read recomputes anyway).
        if (this.generation === generation) this.store(key, entry);
        return entry;
      })
      .finally(() => {
        if (this.inflight.get(key) === pending) this.inflight.delete(key);
      });
    this.inflight.set(key, pending);
    return pending;
  }

  private store(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    if (this.entries.size > this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
