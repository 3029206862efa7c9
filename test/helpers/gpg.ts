/**
 * Time-sensitive PGP keys made at test time (relative to the test's `now`) and gpg helpers; the packet walker that
 * inspects keys without openpgp is in packets.ts (re-exported here).
 *
 * Keys are made with gpg 2.2 when it is installed (CI installs gnupg): `--faked-system-time` dates the key, in a
 * throwaway GNUPGHOME under the OS temp directory that is removed (and its gpg-agent stopped) afterwards. Without gpg
 * they are made with openpgp (generateKeyPair). Ed25519/Cv25519 keys: a key takes ~50 ms.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateKeyPair } from '../../src/pgp';
import { dearmor, readPackets } from './packets';

export * from './packets';

const run = promisify(execFile);
const DAY_S = 86_400;

let gpgPresent: boolean | undefined;

/** Whether a gpg binary answers here. */
export function hasGpg(): boolean {
  if (gpgPresent === undefined) {
    const r = spawnSync('gpg', ['--version'], { encoding: 'utf8' });
    gpgPresent = r.status === 0 && /gpg \(GnuPG\) 2\./.test(r.stdout);
  }
  return gpgPresent;
}

export interface TestKey {
  publicKey: string;
  /** 40 uppercase hex. */
  fingerprint: string;
  made: 'gpg' | 'openpgp';
}

/** Runs `body` with a fresh GNUPGHOME; always stops its agent and deletes it. */
async function withGnupgHome<T>(
  body: (gpg: (...args: string[]) => Promise<string>, home: string) => Promise<T>,
): Promise<T> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'csirt-gpg-'));
  fs.chmodSync(home, 0o700);
  const gpg = async (...args: string[]) =>
    (
      await run('gpg', ['--homedir', home, '--batch', '--quiet', '--no-tty', ...args], {
        env: { ...process.env, GNUPGHOME: home },
        maxBuffer: 16 * 1024 * 1024,
      })
    ).stdout;
  try {
    return await body(gpg, home);
  } finally {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Ed25519 + Cv25519 key created at `created`; the primary key expires `primarySeconds` later and the encryption
 * subkey `subkeySeconds` later (0: never).
 */
async function makeKey(
  name: string,
  email: string,
  created: Date,
  primarySeconds: number,
  subkeySeconds: number,
): Promise<TestKey> {
  if (!hasGpg()) {
    // openpgp via generateKeyPair: one validity for both keys.
    const validDays = Math.min(...[primarySeconds, subkeySeconds].filter((s) => s > 0)) / DAY_S;
    const { publicKey } = await generateKeyPair({ name, email, created, validDays: validDays || undefined });
    return { publicKey, fingerprint: gpgLessFingerprint(publicKey), made: 'openpgp' };
  }
  return withGnupgHome(async (gpg) => {
    // "!" freezes the faked clock, so every packet carries exactly `created`.
    const fake = ['--faked-system-time', `${Math.floor(created.getTime() / 1000)}!`];
    const noPass = ['--pinentry-mode', 'loopback', '--passphrase', ''];
    const expire = (seconds: number) => (seconds > 0 ? `seconds=${seconds}` : 'never');
    await gpg(
      ...fake,
      ...noPass,
      '--quick-gen-key',
      `${name} <${email}>`,
      'ed25519',
      'default',
      expire(primarySeconds),
    );
    const colons = await gpg('--with-colons', '--list-keys', email);
    const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(colons)?.[1];
    if (!fingerprint) throw new Error('gpg made no key');
    await gpg(...fake, ...noPass, '--quick-add-key', fingerprint, 'cv25519', 'encr', expire(subkeySeconds));
    const publicKey = await gpg('--armor', '--export', fingerprint);
    return { publicKey, fingerprint, made: 'gpg' as const };
  });
}

/** Fingerprint without gpg or openpgp: parse the primary key packet from the armor and hash it (v4). */
function gpgLessFingerprint(armored: string): string {
  const packets = readPackets(dearmor(armored));
  const primary = packets.find((p) => p.tag === 6 || p.tag === 5);
  if (!primary) throw new Error('no key packet');
  const header = Buffer.from([0x99, (primary.body.length >> 8) & 0xff, primary.body.length & 0xff]);
  return createHash('sha1').update(header).update(primary.body).digest('hex').toUpperCase();
}

/** A key made two years before `now` that expired one year later (a year before `now`). */
export function expiredKey(now: Date): Promise<TestKey> {
  const created = new Date(now.getTime() - 2 * 365 * DAY_S * 1000);
  return makeKey('Expired Fixture', 'expired@fixture.example.jp', created, 365 * DAY_S, 365 * DAY_S);
}

/**
 * A key made a day before `now` that expires `days` days after `now`. With `subkeyOnly`, the primary key never
 * expires and only the encryption subkey does (gpg only: the openpgp fallback expires both).
 */
export function expiringKey(now: Date, days: number, opts: { subkeyOnly?: boolean } = {}): Promise<TestKey> {
  const created = new Date(now.getTime() - DAY_S * 1000);
  const seconds = (days + 1) * DAY_S;
  return makeKey('Expiring Fixture', 'expiring@fixture.example.jp', created, opts.subkeyOnly ? 0 : seconds, seconds);
}

/**
 * A key (made a day before `now`, no expiry) with a current user ID "revoked-uid@fixture.example.jp" and a revoked
 * user ID `revokedEmail`. gpg only: null without gpg.
 */
export async function revokedUidKey(now: Date, revokedEmail: string): Promise<TestKey | null> {
  if (!hasGpg()) return null;
  return withGnupgHome(async (gpg) => {
    const fake = ['--faked-system-time', `${Math.floor((now.getTime() - DAY_S * 1000) / 1000)}!`];
    const noPass = ['--pinentry-mode', 'loopback', '--passphrase', ''];
    const current = 'Revoked UID Fixture <revoked-uid@fixture.example.jp>';
    const old = `Old Address <${revokedEmail}>`;
    await gpg(...fake, ...noPass, '--quick-gen-key', current, 'ed25519', 'default', 'never');
    const colons = await gpg('--with-colons', '--list-keys', 'revoked-uid@fixture.example.jp');
    const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(colons)?.[1];
    if (!fingerprint) throw new Error('gpg made no key');
    await gpg(...fake, ...noPass, '--quick-add-key', fingerprint, 'cv25519', 'encr', 'never');
    await gpg(...fake, ...noPass, '--quick-add-uid', fingerprint, old);
    await gpg(...fake, ...noPass, '--quick-revoke-uid', fingerprint, old);
    const publicKey = await gpg('--armor', '--export', fingerprint);
    return { publicKey, fingerprint, made: 'gpg' as const };
  });
}

/**
 * An Ed25519 key (made a day before `now`, no expiry) with `userIds` user IDs in all (the first
 * "Many Parts <many@fixture.example.jp>", the others user-N@fixture.example.jp) and `subkeys` Cv25519 encryption
 * subkeys: a key over (or at) the registry's limits of the work a key may cost.
 */
export async function manyPartsKey(now: Date, counts: { userIds: number; subkeys: number }): Promise<TestKey> {
  return withGnupgHome(async (gpg, home) => {
    const fake = ['--faked-system-time', `${Math.floor((now.getTime() - DAY_S * 1000) / 1000)}!`];
    const noPass = ['--pinentry-mode', 'loopback', '--passphrase', ''];
    await gpg(
      ...fake,
      ...noPass,
      '--quick-gen-key',
      'Many Parts <many@fixture.example.jp>',
      'ed25519',
      'default',
      'never',
    );
    const colons = await gpg('--with-colons', '--list-keys', 'many@fixture.example.jp');
    const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(colons)?.[1];
    if (!fingerprint) throw new Error('gpg made no key');
    const commands: string[] = [];
    for (let i = 1; i < counts.userIds; i++) commands.push('adduid', `User ${i}`, `user-${i}@fixture.example.jp`, '');
    // --expert's addkey menu: 12 = ECC (encrypt only), curve 1 = Curve 25519, 0 = no expiry.
    for (let i = 0; i < counts.subkeys; i++) commands.push('addkey', '12', '1', '0');
    commands.push('save');
    await runEdit(home, [...fake, '--expert', '--command-fd', '0', '--edit-key', fingerprint], commands);
    const publicKey = await gpg('--armor', '--export', fingerprint);
    return { publicKey, fingerprint, made: 'gpg' as const };
  });
}

/** gpg --edit-key and friends driven through --command-fd: one process for many edits (~50 ms per gpg call). */
function runEdit(home: string, args: string[], commands: string[], batch = true): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = execFile(
      'gpg',
      [
        '--homedir',
        home,
        ...(batch ? ['--batch'] : []),
        '--no-tty',
        '--pinentry-mode',
        'loopback',
        '--passphrase',
        '',
        ...args,
      ],
      { env: { ...process.env, GNUPGHOME: home }, maxBuffer: 16 * 1024 * 1024 },
      (err) => (err ? reject(err) : resolve()),
    );
    child.stdin?.end(`${commands.join('\n')}\n`);
  });
}

export interface RevocableKey extends TestKey {
  /** The certificate gpg wrote at generation (openpgp-revocs.d), with its ':' guard before the armor line. */
  generatedRevocation: string;
  /** `gpg --gen-revoke` output (reason: key no longer used). */
  revocationCertificate: string;
  /** The key exported again after importing its revocation (what `gpg --export` gives once revoked). */
  revokedExport: string;
}

/** An Ed25519 + Cv25519 key (made a day before `now`, no expiry) and the ways gpg makes its revocation. */
export async function revocableKey(
  now: Date,
  uid = 'Revocable Fixture <revocable@fixture.example.jp>',
): Promise<RevocableKey> {
  return withGnupgHome(async (gpg, home) => {
    const fake = ['--faked-system-time', `${Math.floor((now.getTime() - DAY_S * 1000) / 1000)}!`];
    const noPass = ['--pinentry-mode', 'loopback', '--passphrase', ''];
    await gpg(...fake, ...noPass, '--quick-gen-key', uid, 'ed25519', 'default', 'never');
    const colons = await gpg('--with-colons', '--list-keys');
    const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(colons)?.[1];
    if (!fingerprint) throw new Error('gpg made no key');
    await gpg(...fake, ...noPass, '--quick-add-key', fingerprint, 'cv25519', 'encr', 'never');
    const publicKey = await gpg('--armor', '--export', fingerprint);
    const generatedRevocation = fs.readFileSync(path.join(home, 'openpgp-revocs.d', `${fingerprint}.rev`), 'utf8');
    const out = path.join(home, 'rev.asc');
    // Answers: create it (y), reason 3 "key is no longer used", no description, confirm (y).
    await runEdit(
      home,
      [...fake, '--command-fd', '0', '--armor', '--output', out, '--gen-revoke', fingerprint],
      ['y', '3', '', 'y'],
      false, // gpg refuses --gen-revoke in batch mode; --command-fd answers its prompts
    );
    const revocationCertificate = fs.readFileSync(out, 'utf8');
    await gpg('--import', out);
    const revokedExport = await gpg('--armor', '--export', fingerprint);
    return { publicKey, fingerprint, made: 'gpg' as const, generatedRevocation, revocationCertificate, revokedExport };
  });
}

/** The armored public half of a secret key file, exported by gpg; null without gpg. */
export async function gpgPublicHalf(secretKeyFile: string): Promise<string | null> {
  if (!hasGpg()) return null;
  return withGnupgHome(async (gpg) => {
    await gpg('--pinentry-mode', 'loopback', '--passphrase', '', '--import', secretKeyFile);
    return gpg('--armor', '--export');
  });
}

interface GpgKeyListing {
  /** 40 uppercase hex. */
  fingerprint: string;
  /** gpg's validity field: "r" revoked, "e" expired, "-" unknown, … */
  validity: string;
  subkeys: { keyId: string; usage: string; validity: string }[];
}

/** What `gpg --with-colons --show-keys` says about a key file (no keyring involved), or null without gpg. */
export function gpgShowKeys(file: string): GpgKeyListing[] | null {
  if (!hasGpg()) return null;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'csirt-gpg-'));
  try {
    const r = spawnSync('gpg', ['--homedir', home, '--batch', '--no-autostart', '--with-colons', '--show-keys', file], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`gpg --show-keys failed: ${r.stderr}`);
    const keys: GpgKeyListing[] = [];
    let wantFpr = false;
    for (const line of r.stdout.split('\n')) {
      const f = line.split(':');
      if (f[0] === 'pub' || f[0] === 'sec') {
        keys.push({ fingerprint: '', validity: f[1], subkeys: [] });
        wantFpr = true;
      } else if (f[0] === 'fpr' && wantFpr) {
        keys[keys.length - 1].fingerprint = f[9];
        wantFpr = false;
      } else if ((f[0] === 'sub' || f[0] === 'ssb') && keys.length > 0) {
        keys[keys.length - 1].subkeys.push({ keyId: f[4], usage: f[11], validity: f[1] });
      }
    }
    return keys;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Decrypts `armoredMessage` with gpg, using the secret key in `secretKeyFile` imported into a throwaway GNUPGHOME
 * (interoperability of encryptTo with gpg 2.2). null without gpg.
 */
export async function gpgDecrypt(secretKeyFile: string, armoredMessage: string): Promise<string | null> {
  if (!hasGpg()) return null;
  return withGnupgHome(async (gpg, home) => {
    await gpg('--pinentry-mode', 'loopback', '--passphrase', '', '--import', secretKeyFile);
    const messageFile = path.join(home, 'message.asc');
    fs.writeFileSync(messageFile, armoredMessage);
    return gpg('--pinentry-mode', 'loopback', '--passphrase', '', '--decrypt', messageFile);
  });
}
