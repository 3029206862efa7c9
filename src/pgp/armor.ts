/** Byte-level checks of armored and binary input that openpgp 6 does not make itself (no openpgp here). */
export const ARMOR_HEADER = /-----BEGIN PGP ([A-Z0-9 ,/]+)-----/g;
export const WHITESPACE_BYTES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);

/** CRC-24 of RFC 4880 §6.1, for the armor checksum openpgp 6 no longer verifies. */
function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

/** false when the armor carries a checksum line that does not match its body (a damaged copy-paste). */
export function armorChecksumMatches(block: string): boolean {
  const lines = block.split(/\r?\n/).map((line) => line.trim());
  const body: string[] = [];
  let checksum: string | null = null;
  for (const line of lines.slice(1)) {
    if (line.startsWith('-----END PGP')) break;
    if (/^=[A-Za-z0-9+/]{4}$/.test(line)) {
      checksum = line.slice(1);
      break;
    }
    // Armor headers ("Comment: …") and blank lines are not data.
    if (line === '' || line.includes(':')) continue;
    body.push(line);
  }
  if (checksum === null) return true;
  const expected = Buffer.from(checksum, 'base64');
  const actual = crc24(Buffer.from(body.join(''), 'base64'));
  return expected.length === 3 && ((expected[0] << 16) | (expected[1] << 8) | expected[2]) === actual;
}

/** Public-key algorithm IDs a key packet may carry (RFC 4880/9580). */
const KEY_ALGORITHMS = new Set([1, 2, 3, 16, 17, 18, 19, 20, 22, 25, 26, 27, 28]);

/**
 * Whether binary input starts like an OpenPGP (secret or public) key packet: then a parse failure means a damaged
 * key (corrupted) rather than something else entirely (not_openpgp).
 */
export function startsLikeKeyPacket(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const first = bytes[0];
  if ((first & 0x80) === 0) return false;
  let tag: number;
  let headerLength: number;
  if (first & 0x40) {
    tag = first & 0x3f;
    const l = bytes[1];
    if (l < 192) headerLength = 2;
    else if (l < 224) headerLength = 3;
    else if (l === 255) headerLength = 6;
    else return false;
  } else {
    tag = (first >> 2) & 0x0f;
    const lengthType = first & 0x03;
    if (lengthType === 3) return false;
    headerLength = 1 + (1 << lengthType);
  }
  if (tag !== 5 && tag !== 6) return false;
  const version = bytes[headerLength];
  const algorithm = bytes[headerLength + 5];
  return (version === 4 || version === 5 || version === 6) && algorithm !== undefined && KEY_ALGORITHMS.has(algorithm);
}
