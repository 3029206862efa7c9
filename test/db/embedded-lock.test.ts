import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireEmbeddedLock, EmbeddedDatabaseBusyError } from '../../src/db/embedded-lock';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'csirt-lock-'));
}

/** A real other process holding the lock file, like a running server would. */
function holdLockInChild(dir: string): Promise<{ pid: number; stop(): void }> {
  const script = `
    const fs = require('fs');
    fs.writeFileSync(${JSON.stringify(path.join(dir, 'registry.lock'))},
      JSON.stringify({ pid: process.pid, role: 'server', since: new Date().toISOString() }));
    process.stdout.write('ready');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    child.stdout.once('data', () => resolve({ pid: child.pid!, stop: () => child.kill('SIGKILL') }));
  });
}

describe('embedded database lock', () => {
  test('when another live process holds the directory, then opening it is refused with a clear message', async () => {
    const dir = tempDir();
    const holder = await holdLockInChild(dir);
    try {
      expect(() => acquireEmbeddedLock(dir, 'cli seed', new Date())).toThrow(EmbeddedDatabaseBusyError);
      expect(() => acquireEmbeddedLock(dir, 'cli seed', new Date())).toThrow(
        new RegExp(`in use by another process \\(pid ${holder.pid}, server`),
      );
    } finally {
      holder.stop();
    }
  });

  test('when the holder died without cleaning up, then the lock is taken over', async () => {
    const dir = tempDir();
    const holder = await holdLockInChild(dir);
    holder.stop();
    await new Promise((r) => setTimeout(r, 100)); // let the kernel reap the killed child
    const lock = acquireEmbeddedLock(dir, 'server', new Date());
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'registry.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(path.join(dir, 'registry.lock'))).toBe(false);
  });

  test('when the lock file is garbage, then it is replaced', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'registry.lock'), 'not json');
    const lock = acquireEmbeddedLock(dir, 'server', new Date());
    lock.release();
  });
});
