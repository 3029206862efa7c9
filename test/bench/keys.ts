/**
 * Measurement 4: checking one 4096-bit RSA key (primary + encryption subkey, `test/fixtures/keys/rsa4096.asc`).
 * Ours: `checkKey(bytes, { now })` in-process (parse, self-signature verification, rules), after a warm-up.
 * gpg: `gpg --batch --no-autostart --homedir <empty temp dir> --with-colons --show-keys <file>` spawned from here
 * and awaited until exit, i.e. what a server shelling out to gpg per upload would pay. Each spawn gets a fresh empty
 * home directory made before the clock starts (gpg writes a keybox and trustdb into it), so no spawn finds state
 * left by the previous one. Both sides are checked to report the same fingerprint before anything is timed.
 * A spawn costs more the larger this process is (fork copies its page tables: ~8 ms at 40 MB RSS, ~46 ms at 1 GB on
 * the dev VM), so the resident size at the time of the gpg runs is recorded next to the result.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkKey } from '../../src/pgp';
import { log, makeTempDir, round } from './util';

const KEY_FIXTURE = 'rsa4096.asc';
const OUR_CALLS = 200;
const OUR_WARMUP_CALLS = 20;
const GPG_SPAWNS = 30;
const GPG_TIMEOUT_MS = 30_000;

const fixturePath = path.resolve(__dirname, '../../../test/fixtures/keys', KEY_FIXTURE);

interface Timings {
  runs: number;
  meanMs: number;
  p50Ms: number;
  minMs: number;
  maxMs: number;
}

export interface KeyCheckBench {
  file: string;
  bytes: number;
  fingerprint: string;
  bits: number | null;
  ours: Timings;
  /** null when gpg could not be run; gpgError says why. */
  gpg: Timings | null;
  gpgVersion: string | null;
  gpgError: string | null;
  /** Resident set size of this (the spawning) process just before the gpg runs, in MB. */
  spawnerRssMb: number;
  /** gpg mean ÷ our mean: how many times faster the in-process check is; null without gpg. */
  ratio: number | null;
}

function summarise(samples: number[]): Timings {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
  return {
    runs: samples.length,
    meanMs: round(mean, 3),
    p50Ms: round(sorted[Math.floor(sorted.length / 2)], 3),
    minMs: round(sorted[0], 3),
    maxMs: round(sorted[sorted.length - 1], 3),
  };
}

interface GpgRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Spawns gpg and resolves when it has exited and its output is read; rejects only when it cannot be started. */
function runGpg(args: string[]): Promise<GpgRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('gpg', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), GPG_TIMEOUT_MS);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    // 'close' (not 'exit'): the pipes are drained too, so the output is complete when we stop the clock.
    child.once('close', (code) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms });
    });
  });
}

async function gpgVersion(): Promise<{ version: string } | { error: string }> {
  try {
    const r = await runGpg(['--version']);
    if (r.code !== 0) return { error: `gpg --version exited with ${r.code}` };
    return { version: r.stdout.split('\n')[0]?.trim() ?? 'gpg' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'gpg not installed' : `gpg cannot be started: ${String(e)}` };
  }
}

async function timeGpg(expectedFingerprint: string): Promise<Timings> {
  const tmp = makeTempDir('gpg');
  try {
    // One home directory per spawn, all made up front; +1 for an untimed warm-up (page cache, dynamic linker).
    const homes = Array.from({ length: GPG_SPAWNS + 1 }, (_, i) => {
      const dir = path.join(tmp.dir, `home-${i}`);
      fs.mkdirSync(dir, { mode: 0o700 });
      return dir;
    });
    const samples: number[] = [];
    for (const [i, home] of homes.entries()) {
      const r = await runGpg([
        '--batch',
        '--no-autostart',
        '--homedir',
        home,
        '--with-colons',
        '--show-keys',
        fixturePath,
      ]);
      if (r.code !== 0) throw new Error(`gpg --show-keys exited with ${r.code}: ${r.stderr.slice(0, 300)}`);
      const fpr = /^fpr:(?:[^:]*:){8}([0-9A-F]{40}):/m.exec(r.stdout)?.[1];
      if (fpr !== expectedFingerprint) throw new Error(`gpg shows fingerprint ${fpr}, ours ${expectedFingerprint}`);
      if (i > 0) samples.push(r.ms);
    }
    return summarise(samples);
  } finally {
    await tmp.remove();
  }
}

export async function benchKeyCheck(): Promise<KeyCheckBench> {
  const bytes = new Uint8Array(fs.readFileSync(fixturePath));
  const now = new Date();

  const first = await checkKey(bytes, { now });
  if (!first.ok || !first.fingerprint || !first.key) {
    throw new Error(`checkKey(${KEY_FIXTURE}) is not ok: ${JSON.stringify(first.errors)}`);
  }
  const fingerprint = first.fingerprint;
  log(`key check: ${KEY_FIXTURE} (${first.key.algorithm} ${first.key.bits}), ${OUR_WARMUP_CALLS} warm-up calls`);
  for (let i = 0; i < OUR_WARMUP_CALLS; i++) await checkKey(bytes, { now });

  log(`key check: ${OUR_CALLS} timed checkKey calls`);
  const samples: number[] = [];
  for (let i = 0; i < OUR_CALLS; i++) {
    const t0 = performance.now();
    const r = await checkKey(bytes, { now });
    samples.push(performance.now() - t0);
    if (r.fingerprint !== fingerprint) throw new Error(`checkKey call ${i} gave fingerprint ${r.fingerprint}`);
  }
  const ours = summarise(samples);

  let gpg: Timings | null = null;
  let gpgError: string | null = null;
  let version: string | null = null;
  const spawnerRssMb = Math.round(process.memoryUsage().rss / 1e6);
  const v = await gpgVersion();
  if ('error' in v) {
    gpgError = v.error;
    log(`key check: ${gpgError}; skipping the gpg side`);
  } else {
    version = v.version;
    log(`key check: ${GPG_SPAWNS} timed spawns of ${version} --show-keys (spawner RSS ${spawnerRssMb} MB)`);
    try {
      gpg = await timeGpg(fingerprint);
    } catch (e) {
      gpgError = e instanceof Error ? e.message : String(e);
      log(`key check: gpg failed: ${gpgError}`);
    }
  }

  return {
    file: KEY_FIXTURE,
    bytes: bytes.length,
    fingerprint,
    bits: first.key.bits,
    ours,
    gpg,
    gpgVersion: version,
    gpgError,
    spawnerRssMb,
    ratio: gpg && ours.meanMs > 0 ? round(gpg.meanMs / ours.meanMs, 2) : null,
  };
}
