/**
 * A cheap walk over the packets of a key (RFC 4880 §4.2, RFC 9580), made before openpgp parses and verifies
 * anything. Verifying a key costs about half a millisecond per signature and user ID (a 2,000-user-ID key took over a
 * second per check), so the work a key may cost is bounded here, by counting, before the expensive part:
 *
 * - third-party certifications (0x10–0x13 signatures on a user ID by another key) are dropped first: they are
 *   stripped from the stored key anyway, and a flooded key (CVE-2019-13050) must cost nothing for its flood;
 * - what remains may hold at most MAX_USER_IDS user IDs (and photo IDs), MAX_SUBKEYS subkeys and MAX_PACKETS
 *   packets in all. A real team key has a handful of each; gpg's `--export-options export-minimal` drops the
 *   superseded self-signatures a long-lived key collects. At the limits a check costs about 0.2 s.
 *
 * No openpgp here: the walker only reads packet headers and the issuer of each certification.
 */
import { createHash } from 'node:crypto';

export const MAX_USER_IDS = 100;
export const MAX_SUBKEYS = 50;
export const MAX_PACKETS = 500;

const TAG = { signature: 2, secretKey: 5, publicKey: 6, secretSubkey: 7, userId: 13, publicSubkey: 14, attr: 17 };

type PacketBudget =
  | { kind: 'ok'; bytes: Uint8Array; packets: number; userIds: number; subkeys: number }
  | { kind: 'over'; code: 'too_many_user_ids' | 'too_many_subkeys' | 'too_many_packets'; count: number; limit: number }
  /** Not a packet sequence this walker understands (or secret key material): openpgp decides what it is. */
  | { kind: 'unreadable' };

interface RawPacket {
  tag: number;
  start: number;
  end: number;
  body: Uint8Array;
}

function* walk(bytes: Uint8Array): Generator<RawPacket> {
  let i = 0;
  while (i < bytes.length) {
    const start = i;
    const first = bytes[i];
    if ((first & 0x80) === 0) throw new Error('not a packet');
    let tag: number;
    let length: number;
    if (first & 0x40) {
      tag = first & 0x3f;
      const l = bytes[i + 1];
      if (l === undefined) throw new Error('truncated');
      if (l < 192) {
        length = l;
        i += 2;
      } else if (l < 224) {
        length = ((l - 192) << 8) + bytes[i + 2] + 192;
        i += 3;
      } else if (l === 255) {
        length = ((bytes[i + 2] << 24) | (bytes[i + 3] << 16) | (bytes[i + 4] << 8) | bytes[i + 5]) >>> 0;
        i += 6;
      } else throw new Error('partial lengths do not occur in keys');
    } else {
      tag = (first >> 2) & 0x0f;
      const type = first & 0x03;
      if (type === 3) throw new Error('indeterminate length');
      const size = 1 << type;
      length = 0;
      for (let k = 1; k <= size; k++) length = length * 256 + bytes[i + k];
      i += 1 + size;
    }
    if (Number.isNaN(length) || i + length > bytes.length) throw new Error('truncated');
    yield { tag, start, end: i + length, body: bytes.subarray(i, i + length) };
    i += length;
  }
}

/** Key id (16 hex) and fingerprint (hex) of a public-key packet body, v4 or v5/v6. */
function keyIdentity(body: Uint8Array): { keyId: string; fingerprint: string } {
  const version = body[0];
  if (version === 4) {
    const head = Buffer.from([0x99, (body.length >> 8) & 0xff, body.length & 0xff]);
    const fpr = createHash('sha1').update(head).update(body).digest('hex').toUpperCase();
    return { keyId: fpr.slice(-16), fingerprint: fpr };
  }
  const head = Buffer.alloc(5);
  head[0] = version === 5 ? 0x9a : 0x9b;
  head.writeUInt32BE(body.length, 1);
  const fpr = createHash('sha256').update(head).update(body).digest('hex').toUpperCase();
  return { keyId: fpr.slice(0, 16), fingerprint: fpr };
}

function subpacketIssuers(area: Uint8Array, out: Set<string>): void {
  let i = 0;
  while (i < area.length) {
    let length = area[i];
    if (length < 192) i += 1;
    else if (length < 255) {
      length = ((length - 192) << 8) + area[i + 1] + 192;
      i += 2;
    } else {
      length = ((area[i + 1] << 24) | (area[i + 2] << 16) | (area[i + 3] << 8) | area[i + 4]) >>> 0;
      i += 5;
    }
    const type = area[i] & 0x7f;
    // Views, not copies: a flooded key has thousands of these.
    if (type === 16 || type === 33) {
      const skip = type === 33 ? 2 : 1;
      out.add(
        Buffer.from(area.buffer, area.byteOffset + i + skip, length - skip)
          .toString('hex')
          .toUpperCase(),
      );
    }
    i += length;
  }
}

/** Signature type and the issuer ids it names (key ids and fingerprints), v3, v4, v5 and v6 signatures. */
function signatureIssuers(body: Uint8Array): { type: number; issuers: Set<string> } {
  const issuers = new Set<string>();
  const version = body[0];
  if (version === 3) {
    issuers.add(Buffer.from(body.subarray(7, 15)).toString('hex').toUpperCase());
    return { type: body[2], issuers };
  }
  const wide = version === 5 || version === 6;
  const read = (at: number) =>
    wide ? Buffer.from(body.subarray(at, at + 4)).readUInt32BE(0) : (body[at] << 8) | body[at + 1];
  const hashedAt = 4;
  const hashedLength = read(hashedAt);
  const hashedStart = hashedAt + (wide ? 4 : 2);
  const unhashedAt = hashedStart + hashedLength;
  const unhashedLength = read(unhashedAt);
  const unhashedStart = unhashedAt + (wide ? 4 : 2);
  subpacketIssuers(body.subarray(hashedStart, unhashedAt), issuers);
  subpacketIssuers(body.subarray(unhashedStart, unhashedStart + unhashedLength), issuers);
  return { type: body[1], issuers };
}

function isThirdPartyCertification(p: RawPacket, primary: { keyId: string; fingerprint: string } | null): boolean {
  if (p.tag !== TAG.signature || !primary) return false;
  const { type, issuers } = signatureIssuers(p.body);
  if (type < 0x10 || type > 0x13) return false;
  // A certification that names no issuer is kept: openpgp sorts it, and it is counted.
  return issuers.size > 0 && !issuers.has(primary.keyId) && !issuers.has(primary.fingerprint);
}

/**
 * The packets of binary key input without third-party certifications, if within the limits; which limit is
 * passed otherwise. Never throws.
 */
export function budgetKeyPackets(bytes: Uint8Array): PacketBudget {
  const kept: Uint8Array[] = [];
  let primary: { keyId: string; fingerprint: string } | null = null;
  let afterUserId = false;
  let packets = 0;
  let userIds = 0;
  let subkeys = 0;
  try {
    for (const p of walk(bytes)) {
      if (p.tag === TAG.secretKey || p.tag === TAG.secretSubkey) return { kind: 'unreadable' };
      if (p.tag === TAG.publicKey) primary = keyIdentity(p.body);
      if (p.tag === TAG.userId || p.tag === TAG.attr) afterUserId = true;
      else if (p.tag !== TAG.signature) afterUserId = false;
      if (afterUserId && isThirdPartyCertification(p, primary)) continue;
      packets += 1;
      if (p.tag === TAG.userId || p.tag === TAG.attr) userIds += 1;
      if (p.tag === TAG.publicSubkey) subkeys += 1;
      kept.push(bytes.subarray(p.start, p.end));
    }
  } catch {
    return { kind: 'unreadable' };
  }
  if (userIds > MAX_USER_IDS) return { kind: 'over', code: 'too_many_user_ids', count: userIds, limit: MAX_USER_IDS };
  if (subkeys > MAX_SUBKEYS) return { kind: 'over', code: 'too_many_subkeys', count: subkeys, limit: MAX_SUBKEYS };
  if (packets > MAX_PACKETS) return { kind: 'over', code: 'too_many_packets', count: packets, limit: MAX_PACKETS };
  return { kind: 'ok', bytes: new Uint8Array(Buffer.concat(kept)), packets, userIds, subkeys };
}
