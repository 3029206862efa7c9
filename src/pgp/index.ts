/**
 * The only module that talks to openpgp (this folder: key checks here, key operations in operations.ts, mail
 * signing and encryption in mail-crypto.ts). Everything else receives plain records or bytes; nothing outside this
 * folder knows openpgp's classes (reading input: read.ts; revocations: revocation.ts). Members' private key material is refused, not stored, not logged, and never part
 * of a returned value or of a thrown error's message; the association's own signing key stays inside mail-crypto.ts.
 */
import * as openpgp from 'openpgp';
import { describeAlgorithm, emailOf } from './algorithms';
import type { KeyCheck, KeyErrorCode, KeyProblem, KeyRecord, KeyWarningCode } from './check-types';
import { parseInput } from './read';
import { LENIENT } from './shared';

export * from './check-types';
export * from './mail-crypto';
export * from './operations';
export * from './revocation';

/** Keys expiring within this many days get the expires_soon warning. */
const EXPIRES_SOON_DAYS = 60;
/** RSA/DSA/ElGamal below this are refused. RSA moduli of "2048-bit" keys sometimes have 2047 bits (openpgp's rule). */
const MIN_BITS = 2048;
const MIN_RSA_BITS = 2047;
const RECOMMENDED_RSA_BITS = 3072;
/** Self-signatures dated this far ahead of `now` (the uploader's clock runs fast) still count. */
const CLOCK_SKEW_MS = 24 * 3600 * 1000;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------------------
// Evaluating one key
// ---------------------------------------------------------------------------------------------------------------

type AnyKey = openpgp.Key | openpgp.Subkey;

interface Evaluation {
  errors: KeyProblem<KeyErrorCode>[];
  warnings: KeyProblem<KeyWarningCode>[];
  encryptionKey: AnyKey | null;
  /** No usable encryption key because the one there was has expired (the nightly recheck calls that expired). */
  encryptionExpired: boolean;
  expires: Date | null;
}

function isDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function earliest(dates: (Date | null | number)[]): Date | null {
  const real = dates.filter(isDate);
  return real.length === 0 ? null : new Date(Math.min(...real.map((d) => d.getTime())));
}

/** Own signatures of the key holder: user self-certifications, subkey bindings, direct-key signatures. */
function selfSignatures(key: openpgp.Key): openpgp.SignaturePacket[] {
  const direct = (key as unknown as { directSignatures?: openpgp.SignaturePacket[] }).directSignatures ?? [];
  return [
    ...direct,
    ...key.users.flatMap((u) => u.selfCertifications),
    ...key.subkeys.flatMap((s) => s.bindingSignatures),
  ];
}

/**
 * The date to evaluate at: `now`, or slightly later when the key's self-signatures are dated a little ahead of
 * `now` (a key made a minute ago on a machine whose clock runs fast is not invalid).
 */
function evaluationDate(key: openpgp.Key, now: Date): Date {
  let date = now;
  const created = [key.getCreationTime(), ...selfSignatures(key).map((s) => s.created)];
  for (const c of created) {
    if (isDate(c) && c > date && c.getTime() - now.getTime() <= CLOCK_SKEW_MS) date = c;
  }
  return date;
}

function strength(k: AnyKey): { algorithm: string; bits: number | null } {
  return describeAlgorithm(k.getAlgorithmInfo());
}

async function subkeyRevoked(subkey: openpgp.Subkey, date: Date): Promise<boolean> {
  try {
    // No particular binding signature, no particular key: is any valid revocation there at `date`?
    // (openpgp accepts null for both; its typings do not say so.)
    const none = null as unknown as openpgp.SignaturePacket & openpgp.PublicKeyPacket;
    return await subkey.isRevoked(none, none, date, LENIENT);
  } catch {
    return false;
  }
}

async function expiryOf(k: AnyKey, primary: openpgp.Key, date: Date | null): Promise<Date | null | 'never'> {
  const value =
    k === primary
      ? await primary.getExpirationTime(undefined, LENIENT)
      : await (k as openpgp.Subkey).getExpirationTime(date as Date, LENIENT); // null: whatever the date
  if (value === Number.POSITIVE_INFINITY) return 'never';
  return isDate(value) ? value : null;
}

/** Usable-for-encryption expiry: the earlier of primary and encryption key; null = never, undefined = unknown. */
async function effectiveExpiry(key: openpgp.Key, encryptionKey: AnyKey | null, date: Date | null) {
  const primary = await expiryOf(key, key, date).catch(() => null);
  const enc = encryptionKey ? await expiryOf(encryptionKey, key, date).catch(() => null) : 'never';
  if (primary === null || enc === null) return undefined;
  return earliest([primary === 'never' ? null : primary, enc === 'never' ? null : enc]);
}

async function findEncryptionKey(key: openpgp.Key, date: Date | null): Promise<AnyKey | null> {
  try {
    return await key.getEncryptionKey(undefined, date, undefined, LENIENT);
  } catch {
    return null;
  }
}

async function evaluate(key: openpgp.Key, now: Date, email?: string): Promise<Evaluation> {
  const errors: KeyProblem<KeyErrorCode>[] = [];
  const warnings: KeyProblem<KeyWarningCode>[] = [];
  const at = evaluationDate(key, now);
  let encryptionKey: AnyKey | null = null;
  let encryptionExpired = false;

  let primaryOk = false;
  try {
    await key.verifyPrimaryKey(at, undefined, LENIENT);
    primaryOk = true;
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    const primaryExpiry = await key.getExpirationTime(undefined, LENIENT).catch(() => null);
    if (/revoked/i.test(message) || (await key.isRevoked(undefined, undefined, at, LENIENT).catch(() => false))) {
      errors.push({ code: 'revoked' });
    } else if (/expired/i.test(message) || (isDate(primaryExpiry) && primaryExpiry <= now)) {
      errors.push({
        code: 'expired',
        ...(isDate(primaryExpiry) ? { params: { date: primaryExpiry.toISOString() } } : {}),
      });
    } else if (primaryExpiry === null) {
      // Not one self-signature verifies, whatever the date: the key was damaged or forged.
      errors.push({ code: 'corrupted' });
    } else {
      // Valid on some other date (e.g. dated in the future) but not usable now.
      errors.push({ code: 'no_encryption_key' });
    }
  }

  if (primaryOk) {
    encryptionKey = await findEncryptionKey(key, at);
    if (!encryptionKey) {
      const allSubkeysRevoked =
        key.subkeys.length > 0 && (await Promise.all(key.subkeys.map((s) => subkeyRevoked(s, at)))).every(Boolean);
      if (allSubkeysRevoked) {
        errors.push({ code: 'revoked' });
      } else {
        const timeless = await findEncryptionKey(key, null);
        const expiry = timeless ? await expiryOf(timeless, key, null).catch(() => null) : null;
        if (isDate(expiry) && expiry <= now) {
          encryptionExpired = true;
          errors.push({ code: 'no_encryption_key', params: { date: expiry.toISOString() } });
        } else {
          errors.push({ code: 'no_encryption_key' });
        }
      }
    }
  }

  // Strength: the primary key and the key that encrypts (every subkey when there is none).
  const judged: AnyKey[] = [key, ...(encryptionKey ? [encryptionKey] : key.subkeys)];
  let weakest: number | null = null;
  let rsaBelowRecommended: number | null = null;
  for (const k of judged) {
    const { algorithm, bits } = strength(k);
    if (bits === null || !['RSA', 'DSA', 'ElGamal'].includes(algorithm)) continue;
    const floor = algorithm === 'RSA' ? MIN_RSA_BITS : MIN_BITS;
    if (bits < floor) weakest = weakest === null ? bits : Math.min(weakest, bits);
    else if (algorithm === 'RSA' && bits < RECOMMENDED_RSA_BITS) {
      rsaBelowRecommended = rsaBelowRecommended === null ? bits : Math.min(rsaBelowRecommended, bits);
    }
  }
  if (weakest !== null) errors.push({ code: 'weak_key', params: { bits: weakest } });
  if (rsaBelowRecommended !== null) warnings.push({ code: 'rsa_under_3072', params: { bits: rsaBelowRecommended } });

  const legacy = [
    ...new Set([key, ...key.subkeys].map((k) => strength(k).algorithm).filter((a) => a === 'DSA' || a === 'ElGamal')),
  ];
  if (legacy.length > 0) warnings.push({ code: 'legacy_algorithm', params: { algorithm: legacy.join(', ') } });

  const expires = (await effectiveExpiry(key, encryptionKey, at)) ?? null;
  const alreadyExpired = errors.some((e) => e.code === 'expired') || encryptionExpired;
  if (!alreadyExpired && errors.every((e) => e.code !== 'revoked' && e.code !== 'corrupted')) {
    if (expires === null) warnings.push({ code: 'no_expiry' });
    else if (expires.getTime() - now.getTime() <= EXPIRES_SOON_DAYS * DAY_MS) {
      warnings.push({ code: 'expires_soon', params: { date: expires.toISOString() } });
    }
  }

  if (typeof email === 'string' && email.trim() !== '') {
    const wanted = email.trim().toLowerCase();
    let found = false;
    for (const user of key.users) {
      if (!user.userID || emailOf(user.userID.userID) !== wanted) continue;
      try {
        await user.verify(at, LENIENT);
        found = true;
        break;
      } catch {
        // revoked or unsigned user ID: it does not vouch for the address
      }
    }
    if (!found) warnings.push({ code: 'no_matching_uid', params: { email: email.trim() } });
  }

  if (selfSignatures(key).some((s) => s.hashAlgorithm === openpgp.enums.hash.sha1)) {
    warnings.push({ code: 'sha1_self_signature' });
  }

  return { errors, warnings, encryptionKey, encryptionExpired, expires };
}

/** Keeps only the key holder's own signatures on each user ID (drops flooding, CVE-2019-13050). */
function stripThirdPartyCertifications(key: openpgp.Key): openpgp.PublicKey {
  // A new key object over the same packets: the caller's key keeps its certifications.
  const copy = new openpgp.PublicKey(key.toPublic().toPacketList());
  for (const user of copy.users) {
    user.otherCertifications = [];
  }
  return copy;
}

function record(key: openpgp.Key, expires: Date | null): KeyRecord {
  const { algorithm, bits } = describeAlgorithm(key.getAlgorithmInfo());
  const uids = key.getUserIDs();
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    keyId: key.getKeyID().toHex().toUpperCase(),
    algorithm,
    bits,
    created: key.getCreationTime(),
    expires,
    uids,
    emails: [...new Set(uids.map(emailOf).filter((e): e is string => e !== null))],
    armored: stripThirdPartyCertifications(key).armor(LENIENT),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------------

/**
 * Checks an uploaded key (armored or binary) at `now` against the registry's rules (DESIGN "PGP keys"). Never throws:
 * every input gets a KeyCheck. `email`, when given, must appear in one of the key's valid user IDs (a warning).
 */
export async function checkKey(input: string | Uint8Array, opts: { now: Date; email?: string }): Promise<KeyCheck> {
  try {
    const parsed = await parseInput(input);
    if ('code' in parsed) {
      return {
        ok: false,
        fingerprint: parsed.fingerprint,
        errors: [{ code: parsed.code, ...(parsed.params ? { params: parsed.params } : {}) }],
        warnings: [],
        key: null,
        encryptionKeyId: null,
      };
    }
    const { key } = parsed;
    const now = opts.now;
    const evaluation = await evaluate(key, now, opts?.email);
    const corrupted = evaluation.errors.some((e) => e.code === 'corrupted');
    return {
      ok: evaluation.errors.length === 0,
      fingerprint: key.getFingerprint().toUpperCase(),
      errors: evaluation.errors,
      warnings: evaluation.warnings,
      key: corrupted ? null : record(key, evaluation.expires),
      encryptionKeyId: evaluation.encryptionKey ? evaluation.encryptionKey.getKeyID().toHex().toUpperCase() : null,
    };
  } catch {
    return {
      ok: false,
      fingerprint: null,
      errors: [{ code: 'corrupted' }],
      warnings: [],
      key: null,
      encryptionKeyId: null,
    };
  }
}

/**
 * Describes one public key (armored text): fingerprint, algorithm, validity dates, user IDs, and the armored key
 * re-serialised without third-party certifications. No validity rules are applied (an expired key is described);
 * throws when the text is not exactly one public key.
 */
export async function describePublicKey(armoredKey: string): Promise<KeyRecord> {
  const parsed = await parseInput(armoredKey);
  if ('code' in parsed) throw new Error(`describePublicKey: not one public key (${parsed.code})`);
  const encryptionKey = await findEncryptionKey(parsed.key, null);
  const expires = (await effectiveExpiry(parsed.key, encryptionKey, null)) ?? null;
  return record(parsed.key, expires);
}

/** Reads armored text that must hold public keys only; throws otherwise (messages never carry key material). */
/** Re-evaluates a stored (already accepted) armored public key at `now`: its status for the nightly recheck. */
export async function keyStatusAt(
  armoredPublicKey: string,
  now: Date,
): Promise<'valid' | 'expired' | 'revoked' | 'invalid'> {
  try {
    const parsed = await parseInput(armoredPublicKey);
    if ('code' in parsed) return 'invalid';
    const { errors, encryptionExpired } = await evaluate(parsed.key, now);
    if (errors.some((e) => e.code === 'revoked')) return 'revoked';
    if (errors.some((e) => e.code === 'expired') || encryptionExpired) return 'expired';
    return errors.length === 0 ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}
