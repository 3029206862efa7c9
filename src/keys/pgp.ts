/**
 * The only module that talks to openpgp. Everything else receives plain records; nothing outside this file knows
 * openpgp's classes. Private key material never leaves this module: it is refused, not stored, not logged.
 */
import * as openpgp from 'openpgp';

export interface KeyRecord {
  /** 40 uppercase hex digits. */
  fingerprint: string;
  /** 16 uppercase hex digits. */
  keyId: string;
  /** Human label of the primary key's algorithm: "RSA", "Ed25519", "ECDSA P-256", "DSA", … */
  algorithm: string;
  bits: number | null;
  created: Date;
  /** null: the key never expires. */
  expires: Date | null;
  uids: string[];
  /** Lowercased addresses taken from the user IDs. */
  emails: string[];
  /** The public key, armored, without third-party certifications. */
  armored: string;
}

const CURVE_LABELS: Record<string, string> = {
  ed25519Legacy: 'Ed25519',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  curve25519Legacy: 'Curve25519',
  curve25519: 'X25519',
  x448: 'X448',
  nistP256: 'ECDSA P-256',
  nistP384: 'ECDSA P-384',
  nistP521: 'ECDSA P-521',
  brainpoolP256r1: 'Brainpool P-256',
  brainpoolP384r1: 'Brainpool P-384',
  brainpoolP512r1: 'Brainpool P-512',
  secp256k1: 'secp256k1',
};

const CURVE_BITS: Record<string, number> = {
  Ed25519: 256,
  Curve25519: 256,
  X25519: 256,
  Ed448: 448,
  X448: 448,
  'ECDSA P-256': 256,
  'ECDSA P-384': 384,
  'ECDSA P-521': 521,
  'Brainpool P-256': 256,
  'Brainpool P-384': 384,
  'Brainpool P-512': 512,
  secp256k1: 256,
};

function describeAlgorithm(info: { algorithm: string; bits?: number; curve?: string }): {
  algorithm: string;
  bits: number | null;
} {
  if (info.algorithm.startsWith('rsa')) return { algorithm: 'RSA', bits: info.bits ?? null };
  if (info.algorithm === 'dsa') return { algorithm: 'DSA', bits: info.bits ?? null };
  if (info.algorithm === 'elgamal') return { algorithm: 'ElGamal', bits: info.bits ?? null };
  if (info.algorithm === 'ed25519') return { algorithm: 'Ed25519', bits: 256 };
  if (info.algorithm === 'ed448') return { algorithm: 'Ed448', bits: 448 };
  const label = (info.curve && CURVE_LABELS[info.curve]) || info.curve || info.algorithm;
  return { algorithm: label, bits: CURVE_BITS[label] ?? null };
}

const EMAIL_IN_UID = /<([^<>\s]+@[^<>\s]+)>|^([^<>\s]+@[^<>\s]+)$/;

function emailOf(uid: string): string | null {
  const m = EMAIL_IN_UID.exec(uid.trim());
  const address = m?.[1] ?? m?.[2];
  return address ? address.toLowerCase() : null;
}

/** "ABCD1234…" from any spacing or case the user typed or gpg printed. */
export function normalizeFingerprint(input: string): string {
  return input.replace(/^0x/i, '').replace(/[\s:]/g, '').toUpperCase();
}

/**
 * Describes one public key (armored text): fingerprint, algorithm, validity dates, user IDs, and the armored key
 * re-serialised without third-party certifications.
 */
export async function describePublicKey(armoredKey: string): Promise<KeyRecord> {
  const key = await openpgp.readKey({ armoredKey });
  if (key.isPrivate()) throw new Error('describePublicKey: private key material refused');
  const expiration = await key.getExpirationTime();
  const { algorithm, bits } = describeAlgorithm(key.getAlgorithmInfo());
  const uids = key.getUserIDs();
  const minimised = stripThirdPartyCertifications(key);
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    keyId: key.getKeyID().toHex().toUpperCase(),
    algorithm,
    bits,
    created: key.getCreationTime(),
    expires: expiration instanceof Date ? expiration : null,
    uids,
    emails: [...new Set(uids.map(emailOf).filter((e): e is string => e !== null))],
    armored: minimised.armor(),
  };
}

/** Keeps only the key holder's own signatures on each user ID (drops flooding, CVE-2019-13050). */
function stripThirdPartyCertifications(key: openpgp.PublicKey): openpgp.PublicKey {
  // A new key object over the same packets: the caller's key keeps its certifications.
  const copy = new openpgp.PublicKey(key.toPacketList());
  for (const user of copy.users) {
    user.otherCertifications = [];
  }
  return copy;
}

export interface GeneratedKeyPair {
  publicKey: string;
  privateKey: string;
}

/**
 * Makes a fresh Ed25519/Cv25519 key pair (demo seeds and tests). `created` and `validDays` make time-relative keys:
 * a key created 400 days ago valid for 365 days is expired now.
 */
export async function generateKeyPair(opts: {
  name: string;
  email: string;
  created: Date;
  validDays?: number;
}): Promise<GeneratedKeyPair> {
  const { publicKey, privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: opts.name, email: opts.email }],
    date: opts.created,
    keyExpirationTime: opts.validDays ? opts.validDays * 86_400 : 0,
    format: 'armored',
  });
  return { publicKey, privateKey };
}
