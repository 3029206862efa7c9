/**
 * Revocations an editor brings for one of the team's stored keys: a revocation certificate (`gpg --gen-revoke`, or
 * the one gpg wrote at generation in openpgp-revocs.d, ':' guard and all) or the key exported again after
 * `gpg --import`ing one. Only key-revocation signatures (type 0x20) that verify with the stored key's primary key
 * are taken; nothing else of the input (user IDs, subkeys) is merged into the stored key.
 */
import * as openpgp from 'openpgp';
import { ARMOR_HEADER } from './armor';
import { KEY_SIZE_LIMIT } from './check-types';
import { budgetKeyPackets } from './packets';
import { LENIENT, readPublicKeys } from './shared';

export type RevocationError =
  | 'empty'
  | 'too_large'
  | 'private_key'
  /** Not OpenPGP data, or OpenPGP that holds no key-revocation signature (a user-ID revocation is not one). */
  | 'not_revocation'
  /** A revocation, but for none of the candidate keys. */
  | 'wrong_key'
  /** Issued in the name of a candidate key, but its signature does not verify. */
  | 'bad_signature';

type RevocationResult =
  | { ok: true; fingerprint: string; armored: string; revokedAt: Date }
  | { ok: false; code: RevocationError };

/** Revocations dated this far ahead of `now` (the editor's clock runs fast) still count. */
const CLOCK_SKEW_MS = 24 * 3600 * 1000;

/** Packets a revocation certificate or an exported public key may hold, by tag (openpgp's allowed-packets map). */
const ALLOWED = Object.fromEntries(
  [
    openpgp.PublicKeyPacket,
    openpgp.PublicSubkeyPacket,
    openpgp.UserIDPacket,
    openpgp.UserAttributePacket,
    openpgp.SignaturePacket,
  ].map((packet) => [packet.tag, packet]),
);

/** The bytes of the input: armored (gpg's ':' guard removed) or binary. */
async function inputBytes(input: string | Uint8Array): Promise<Uint8Array | RevocationError> {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > KEY_SIZE_LIMIT) return 'too_large';
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (text.trim() === '') return 'empty';
  if (!text.includes('-----BEGIN PGP')) return typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const headers = [...text.matchAll(ARMOR_HEADER)].map((h) => h[1]);
  if (headers.includes('PRIVATE KEY BLOCK')) return 'private_key';
  if (!headers.includes('PUBLIC KEY BLOCK') && !headers.includes('SIGNATURE')) return 'not_revocation';
  try {
    const { data } = await openpgp.unarmor(text.replace(/^:(-----BEGIN PGP)/m, '$1'));
    return data as Uint8Array;
  } catch {
    return 'not_revocation';
  }
}

/** The key-revocation signature packets of the input, third-party certifications dropped first. */
async function revocationSignatures(bytes: Uint8Array): Promise<openpgp.SignaturePacket[] | RevocationError> {
  const budget = budgetKeyPackets(bytes);
  if (budget.kind === 'over') return 'too_large';
  try {
    const packets = await openpgp.PacketList.fromBinary(
      budget.kind === 'ok' ? budget.bytes : bytes,
      ALLOWED as unknown as Parameters<typeof openpgp.PacketList.fromBinary>[1],
      LENIENT,
    );
    const signatures = [...packets].filter(
      (p): p is openpgp.SignaturePacket =>
        p instanceof openpgp.SignaturePacket && p.signatureType === openpgp.enums.signature.keyRevocation,
    );
    return signatures.length > 0 ? signatures : 'not_revocation';
  } catch {
    return 'not_revocation';
  }
}

async function verifies(signature: openpgp.SignaturePacket, key: openpgp.Key, at: Date): Promise<boolean> {
  try {
    await signature.verify(
      key.keyPacket,
      openpgp.enums.signature.keyRevocation,
      { key: key.keyPacket },
      at,
      undefined,
      LENIENT,
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds which of `candidates` (stored armored public keys) the input revokes, verifies the revocation with that key
 * and returns the key with the revocation merged in. Never throws.
 */
export async function applyRevocation(
  input: string | Uint8Array,
  candidates: { fingerprint: string; armored: string }[],
  now: Date,
): Promise<RevocationResult> {
  try {
    const bytes = await inputBytes(input);
    if (typeof bytes === 'string') return { ok: false, code: bytes };
    const signatures = await revocationSignatures(bytes);
    if (typeof signatures === 'string') return { ok: false, code: signatures };
    const at = new Date(now.getTime() + CLOCK_SKEW_MS);
    let named = false;
    for (const candidate of candidates) {
      const [key] = await readPublicKeys(candidate.armored);
      const mine = signatures.filter((s) => s.issuerKeyID.equals(key.getKeyID()));
      if (mine.length === 0) continue;
      named = true;
      const good: openpgp.SignaturePacket[] = [];
      for (const signature of mine) if (await verifies(signature, key, at)) good.push(signature);
      if (good.length === 0) continue;
      key.revocationSignatures.push(...good);
      const revokedAt = new Date(Math.min(...good.map((s) => (s.created ?? now).getTime())));
      return { ok: true, fingerprint: candidate.fingerprint, armored: key.armor(LENIENT), revokedAt };
    }
    return { ok: false, code: named ? 'bad_signature' : 'wrong_key' };
  } catch {
    return { ok: false, code: 'not_revocation' };
  }
}
