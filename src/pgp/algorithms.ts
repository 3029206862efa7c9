/** Human labels for OpenPGP algorithms and curves, and addresses in user IDs (plain data, no openpgp). */
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

export function describeAlgorithm(info: { algorithm: string; bits?: number; curve?: string }): {
  algorithm: string;
  bits: number | null;
} {
  if (info.algorithm.startsWith('rsa')) return { algorithm: 'RSA', bits: info.bits ?? null };
  if (info.algorithm === 'dsa') return { algorithm: 'DSA', bits: info.bits ?? null };
  if (info.algorithm === 'elgamal') return { algorithm: 'ElGamal', bits: info.bits ?? null };
  if (info.algorithm === 'ed25519') return { algorithm: 'Ed25519', bits: 256 };
  if (info.algorithm === 'ed448') return { algorithm: 'Ed448', bits: 448 };
  if (info.algorithm === 'x25519') return { algorithm: 'X25519', bits: 256 };
  if (info.algorithm === 'x448') return { algorithm: 'X448', bits: 448 };
  const label = (info.curve && CURVE_LABELS[info.curve]) || info.curve || info.algorithm;
  return { algorithm: label, bits: CURVE_BITS[label] ?? null };
}

const EMAIL_IN_UID = /<([^<>\s]+@[^<>\s]+)>|^([^<>\s]+@[^<>\s]+)$/;

export function emailOf(uid: string): string | null {
  const m = EMAIL_IN_UID.exec(uid.trim());
  const address = m?.[1] ?? m?.[2];
  return address ? address.toLowerCase() : null;
}
