/** What the openpgp modules of this folder share: the lenient reading configuration and key reading helpers. */
import * as openpgp from 'openpgp';

/**
 * openpgp refuses weak and legacy keys outright; we read and evaluate them anyway so that we can REPORT weakness
 * (weak_key, legacy_algorithm) instead of failing with openpgp's message.
 */
export const LENIENT: openpgp.Config = {
  ...openpgp.config,
  minRSABits: 512,
  rejectPublicKeyAlgorithms: new Set(),
  rejectCurves: new Set(),
};
export const LENIENT_PARTIAL: openpgp.PartialConfig = {
  minRSABits: LENIENT.minRSABits,
  rejectPublicKeyAlgorithms: LENIENT.rejectPublicKeyAlgorithms,
  rejectCurves: LENIENT.rejectCurves,
};

/** Public keys from armored text; private key material is refused before anything else. */
export async function readPublicKeys(armored: string): Promise<openpgp.Key[]> {
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armored)) throw new Error('private key material refused');
  let keys: openpgp.Key[];
  try {
    keys = await openpgp.readKeys({ armoredKeys: armored, config: LENIENT_PARTIAL });
  } catch {
    throw new Error('not an armored OpenPGP public key');
  }
  if (keys.some((k) => k.isPrivate())) throw new Error('private key material refused');
  return keys;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
