/**
 * An embedded (PGlite) data directory may be open in one process only: a second writer would corrupt it. The
 * process that opens it writes a lock file with its pid; another process finding a live pid there refuses.
 */
import fs from 'node:fs';
import path from 'node:path';

export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by another process (pid ${holder.pid}, ${holder.role}, since ${holder.since}). ` +
        'Stop that process first, or point DATABASE_URL at a PostgreSQL server to run several processes.',
    );
  }
}

interface LockInfo {
  pid: number;
  role: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export interface EmbeddedLock {
  release(): void;
}

export function acquireEmbeddedLock(dataDir: string, role: string, now: Date): EmbeddedLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'registry.lock');
  const mine: LockInfo = { pid: process.pid, role, since: now.toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return {
        release() {
          const holder = readLock(file);
          if (holder?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new EmbeddedDatabaseBusyError(dataDir, holder);
      }
      // Left behind by a process that died (or unreadable): take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
