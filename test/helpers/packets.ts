/**
 * A small OpenPGP packet walker (RFC 4880 §4.2) so that tests can inspect keys, signatures and keyrings without
 * importing openpgp (src/pgp/ is its only importer).
 */
import { createHash } from 'node:crypto';

export interface Packet {
  tag: number;
  body: Buffer;
}

/** The bytes inside ASCII armor (no checksum verification). */
export function dearmor(armored: string): Buffer {
  const lines = armored.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('-----BEGIN PGP'));
  const blank = lines.findIndex((l, i) => i > start && l.trim() === '');
  const data: string[] = [];
  for (const line of lines.slice(blank + 1)) {
    if (line.startsWith('-----END') || line.startsWith('=')) break;
    data.push(line.trim());
  }
  return Buffer.from(data.join(''), 'base64');
}

export function readPackets(bytes: Uint8Array): Packet[] {
  const buf = Buffer.from(bytes);
  const packets: Packet[] = [];
  let i = 0;
  while (i < buf.length) {
    const first = buf[i];
    if ((first & 0x80) === 0) throw new Error(`not a packet at ${i}`);
    let tag: number;
    let length: number;
    if (first & 0x40) {
      tag = first & 0x3f;
      const l = buf[i + 1];
      if (l < 192) {
        length = l;
        i += 2;
      } else if (l < 224) {
        length = ((l - 192) << 8) + buf[i + 2] + 192;
        i += 3;
      } else if (l === 255) {
        length = buf.readUInt32BE(i + 2);
        i += 6;
      } else throw new Error('partial lengths are not used in keys');
    } else {
      tag = (first >> 2) & 0x0f;
      const type = first & 0x03;
      const size = 1 << type;
      if (type === 3) throw new Error('indeterminate length');
      length = size === 1 ? buf[i + 1] : size === 2 ? buf.readUInt16BE(i + 1) : buf.readUInt32BE(i + 1);
      i += 1 + size;
    }
    packets.push({ tag, body: buf.subarray(i, i + length) });
    i += length;
  }
  return packets;
}

interface SignatureInfo {
  /** Signature type, e.g. 0x10–0x13 certifications, 0x18 subkey binding, 0x20 key revocation. */
  type: number;
  hashAlgorithm: number;
  /** 16 uppercase hex of the issuer (from the issuer or issuer-fingerprint subpacket). */
  issuer: string | null;
}

function subpackets(area: Buffer): { type: number; body: Buffer }[] {
  const out: { type: number; body: Buffer }[] = [];
  let i = 0;
  while (i < area.length) {
    let length = area[i];
    if (length < 192) i += 1;
    else if (length < 255) {
      length = ((length - 192) << 8) + area[i + 1] + 192;
      i += 2;
    } else {
      length = area.readUInt32BE(i + 1);
      i += 5;
    }
    out.push({ type: area[i] & 0x7f, body: area.subarray(i + 1, i + length) });
    i += length;
  }
  return out;
}

/** v4 signature packets of a key, in order. */
export function signatures(bytes: Uint8Array): SignatureInfo[] {
  return readPackets(bytes)
    .filter((p) => p.tag === 2 && p.body[0] === 4)
    .map((p) => {
      const b = p.body;
      const hashedLength = b.readUInt16BE(4);
      const hashed = b.subarray(6, 6 + hashedLength);
      const unhashedLength = b.readUInt16BE(6 + hashedLength);
      const unhashed = b.subarray(8 + hashedLength, 8 + hashedLength + unhashedLength);
      let issuer: string | null = null;
      for (const sp of [...subpackets(hashed), ...subpackets(unhashed)]) {
        if (sp.type === 16) issuer = sp.body.toString('hex').toUpperCase();
        else if (sp.type === 33 && !issuer) issuer = sp.body.subarray(-8).toString('hex').toUpperCase();
      }
      return { type: b[1], hashAlgorithm: b[3], issuer };
    });
}

/** The (v4) fingerprints of the primary keys in one armored block: what a keyring or key.asc answer holds. */
export function fingerprintsIn(armored: string): string[] {
  return readPackets(dearmor(armored))
    .filter((p) => p.tag === 6)
    .map((p) => {
      const header = Buffer.from([0x99, (p.body.length >> 8) & 0xff, p.body.length & 0xff]);
      return createHash('sha1').update(header).update(p.body).digest('hex').toUpperCase();
    });
}
