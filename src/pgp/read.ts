/**
 * Reading key input (armored or binary) into exactly one openpgp key, or the reason there is none. The packets are
 * counted and third-party certifications dropped (packets.ts) before openpgp parses anything, so the work a key
 * may cost is bounded before the expensive part.
 */
import * as openpgp from 'openpgp';
import { ARMOR_HEADER, armorChecksumMatches, startsLikeKeyPacket, WHITESPACE_BYTES } from './armor';
import type { KeyErrorCode } from './check-types';
import { KEY_SIZE_LIMIT } from './check-types';
import { budgetKeyPackets } from './packets';
import { LENIENT_PARTIAL } from './shared';

type Parsed =
  | { key: openpgp.Key }
  | { code: KeyErrorCode; fingerprint: string | null; params?: Record<string, string | number> };

/** openpgp's reading of binary packets, after the budget: over a limit, the key is refused unparsed. */
async function readBudgeted(bytes: Uint8Array): Promise<openpgp.Key[] | Parsed> {
  const budget = budgetKeyPackets(bytes);
  if (budget.kind === 'over') {
    return { code: budget.code, fingerprint: null, params: { count: budget.count, limit: budget.limit } };
  }
  const input = budget.kind === 'ok' ? budget.bytes : bytes;
  return openpgp.readKeys({ binaryKeys: input, config: LENIENT_PARTIAL });
}

async function privateKeyFingerprint(text: string, at: number): Promise<string | null> {
  try {
    const keys = await openpgp.readKeys({ armoredKeys: text.slice(at), config: LENIENT_PARTIAL });
    return keys.length === 1 ? keys[0].getFingerprint().toUpperCase() : null;
  } catch {
    return null; // unreadable private key: still refused as private
  }
}

async function readArmored(text: string): Promise<Parsed> {
  const headers = [...text.matchAll(ARMOR_HEADER)];
  if (headers.length === 0) return { code: 'corrupted', fingerprint: null };
  const privateBlock = headers.find((h) => h[1] === 'PRIVATE KEY BLOCK');
  if (privateBlock) {
    // Say so plainly; the fingerprint helps the uploader see which key they pasted. Nothing else is kept.
    return { code: 'private_key', fingerprint: await privateKeyFingerprint(text, privateBlock.index) };
  }
  const keyBlocks = headers
    .map((h, i) => ({ type: h[1], text: text.slice(h.index, headers[i + 1]?.index ?? text.length) }))
    .filter((b) => b.type === 'PUBLIC KEY BLOCK');
  // A message, signature or anything else armored: OpenPGP, but not a key.
  if (keyBlocks.length === 0) return { code: 'not_openpgp', fingerprint: null };
  const keys: openpgp.Key[] = [];
  for (const block of keyBlocks) {
    if (!armorChecksumMatches(block.text)) return { code: 'corrupted', fingerprint: null };
    try {
      const { data } = await openpgp.unarmor(block.text);
      const read = await readBudgeted(data as Uint8Array);
      if (!Array.isArray(read)) return read;
      keys.push(...read);
    } catch {
      return { code: 'corrupted', fingerprint: null };
    }
  }
  return fromKeys(keys, 'corrupted');
}

async function readBinary(bytes: Uint8Array): Promise<Parsed> {
  const noKeyCode = startsLikeKeyPacket(bytes) ? 'corrupted' : 'not_openpgp';
  let read: openpgp.Key[] | Parsed;
  try {
    read = await readBudgeted(bytes);
  } catch {
    return { code: noKeyCode, fingerprint: null };
  }
  return Array.isArray(read) ? fromKeys(read, noKeyCode) : read;
}

function fromKeys(keys: openpgp.Key[], noKeyCode: KeyErrorCode): Parsed {
  if (keys.length === 0) return { code: noKeyCode, fingerprint: null };
  if (keys.some((k) => k.isPrivate())) {
    return { code: 'private_key', fingerprint: keys.length === 1 ? keys[0].getFingerprint().toUpperCase() : null };
  }
  if (keys.length > 1) return { code: 'multiple_keys', fingerprint: null };
  return { key: keys[0] };
}

/** Input → exactly one parsed public key, or the reason there is none. Never throws. */
export async function parseInput(input: string | Uint8Array): Promise<Parsed> {
  try {
    if (typeof input === 'string') {
      if (input.length > KEY_SIZE_LIMIT || Buffer.byteLength(input, 'utf8') > KEY_SIZE_LIMIT) {
        return { code: 'too_large', fingerprint: null };
      }
      if (input.trim() === '') return { code: 'empty', fingerprint: null };
      if (input.includes('-----BEGIN PGP')) return await readArmored(input);
      // Not armored: binary that travelled in a string (one char per byte), or garbage.
      return await readBinary(Buffer.from(input, 'latin1'));
    }
    if (!(input instanceof Uint8Array)) return { code: 'not_openpgp', fingerprint: null };
    if (input.byteLength > KEY_SIZE_LIMIT) return { code: 'too_large', fingerprint: null };
    if (input.every((b) => WHITESPACE_BYTES.has(b))) return { code: 'empty', fingerprint: null };
    const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (buffer.includes('-----BEGIN PGP')) return await readArmored(buffer.toString('utf8'));
    return await readBinary(new Uint8Array(buffer));
  } catch {
    return { code: 'not_openpgp', fingerprint: null };
  }
}
