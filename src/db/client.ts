/**
 * Opens the database: an embedded PGlite directory when no DATABASE_URL is set, a `pg` Pool otherwise. Both give
 * the same Drizzle type, so nothing above this file knows which one it talks to.
 */
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { Pool } from 'pg';
import type { Config } from '../config';
import type { Logger } from '../log';
/** Queries are built from each feature's own tables; the relational query API (which needs every table) is unused. */
export type Database = PgDatabase<PgQueryResultHKT>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DbOrTx = Database | Tx;

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  db: Database;
  /** True when the database answers a trivial query within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
  /** Only for the embedded database: the PGlite instance (tests snapshot it). */
  pglite?: PGlite;
  /**
   * Only for the embedded database: calls `onNotify` for each NOTIFY on `channel`, synchronously at the commit
   * of the notifying transaction (one process, one connection: nothing can be missed or arrive late).
   */
  listen?(channel: string, onNotify: () => void): Promise<void>;
}

export const PGLITE_EXTENSIONS = { pg_trgm, citext };

/** One turn of the event loop: what is waiting (requests that arrived, timers) runs before the caller goes on. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

type Queries = Pick<PGlite, 'query'>;

/**
 * The embedded database executes inside this process's event loop: while a statement runs, nothing else does. A
 * job's statements follow one another as promise continuations, which never give the loop back, so a job of 500
 * statements (the nightly DNS check, a reminder or drill run, a transaction) used to hold every request behind all
 * 500. Each statement now waits for the loop's next turn first: a request waits behind one statement at most.
 * (Only what Drizzle calls: `query`, and `transaction` with the `query` of its handle.)
 */
function turnTaking(pglite: PGlite): Pick<PGlite, 'query' | 'transaction'> {
  const paced = (target: Queries): Queries['query'] =>
    (async (...args: Parameters<Queries['query']>) => {
      await nextTurn();
      return target.query(...args);
    }) as Queries['query'];
  return {
    query: paced(pglite),
    // The transaction's own handle stays the prototype (its `closed` getter, rollback), with a paced `query`.
    transaction: (fn) => pglite.transaction((tx) => fn(Object.assign(Object.create(tx), { query: paced(tx) }))),
  };
}

export function wrapPglite(pglite: PGlite): DatabaseHandle {
  const db = drizzlePglite({ client: turnTaking(pglite) as PGlite }) as unknown as Database;
  return {
    kind: 'pglite',
    db,
    pglite,
    ping: (timeoutMs = 2000) => pingWith(() => pglite.query('select 1'), timeoutMs),
    listen: async (channel, onNotify) => {
      await pglite.listen(channel, onNotify);
    },
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * PGlite's default shared_buffers (128 MB) made an opened 10,000-team database hold ~300 MB of RSS before any
 * work; 32 MB keeps a reminder run over 100,000 teams within its memory budget, and the directory's hot data (a few
 * MB) still fits many times over.
 */
const PGLITE_CONF = ['shared_buffers=32MB'];

export async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const pglite = await PGlite.create(dataDir, { extensions: PGLITE_EXTENSIONS, postgresqlconf: PGLITE_CONF });
  return wrapPglite(pglite);
}

export function openPostgres(url: string, poolMax: number, log?: Logger): DatabaseHandle {
  const pool = new Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'csirt-registry',
  });
  // An idle client losing its connection (server restart, failover) must not crash the process; the pool
  // replaces it on the next checkout.
  pool.on('error', (err) => log?.warn({ err: err.message }, 'database connection lost; the pool will reconnect'));
  const db = drizzlePg(pool) as unknown as Database;
  let closed = false;
  return {
    kind: 'postgres',
    db,
    ping: (timeoutMs = 2000) => pingWith(() => pool.query('select 1'), timeoutMs),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

export async function openDatabase(config: Pick<Config, 'database'>, log?: Logger): Promise<DatabaseHandle> {
  const d = config.database;
  return d.kind === 'pglite' ? openPglite(d.dataDir) : openPostgres(d.url, d.poolMax, log);
}

async function pingWith(query: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([query().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The rows of a raw `db.execute(sql…)`: both drivers answer `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export { sql };
