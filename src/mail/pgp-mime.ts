/**
 * PGP/MIME (RFC 3156) around a message nodemailer has composed. The composed message is split into its envelope
 * headers (From, To, Subject, Message-ID…) and its content entity (the Content-* headers and the body, text and
 * HTML alternatives). The content entity, byte for byte with CRLF line ends, is what gets signed or encrypted:
 *
 *   multipart/signed;    micalg=pgp-<hash>; protocol="application/pgp-signature"   → content, signature.asc
 *
 * micalg names the hash the signature was actually made with (RFC 3156 §5: a wrong label makes careful clients
 * reject the signature).
 *   multipart/encrypted; protocol="application/pgp-encrypted"                     → Version: 1, encrypted.asc
 */
import { randomBytes } from 'node:crypto';

const CRLF = '\r\n';

interface SplitMessage {
  /** Header lines that stay on the outer message (without the Content-* ones). */
  envelopeHeaders: string[];
  /** The content entity: its Content-* headers, a blank line, the body. */
  content: Buffer;
}

/** Splits a composed message (CRLF line ends) into envelope headers and its content entity. */
export function splitMessage(raw: Buffer): SplitMessage {
  // Byte-preserving (the body is 7-bit after nodemailer's encoding anyway), and canonical: a 7bit part may keep the
  // template's bare LF, which SMTP turns into CRLF on the way — the signature must cover what arrives.
  const text = raw.toString('latin1').replace(/\r?\n/g, CRLF);
  const end = text.indexOf(`${CRLF}${CRLF}`);
  if (end < 0) throw new Error('composed message has no header/body separator');
  const headerBlock = text.slice(0, end);
  const body = text.slice(end + 4);
  // Unfold into logical header fields (a continuation line starts with white space).
  const fields: string[] = [];
  for (const line of headerBlock.split(CRLF)) {
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1] += `${CRLF}${line}`;
    else fields.push(line);
  }
  const isContent = (f: string) => /^content-/i.test(f);
  const contentHeaders = fields.filter(isContent);
  const envelopeHeaders = fields.filter((f) => !isContent(f) && !/^mime-version:/i.test(f));
  const content = Buffer.from(`${contentHeaders.join(CRLF)}${CRLF}${CRLF}${body}`, 'latin1');
  return { envelopeHeaders, content };
}

function boundary(kind: string): string {
  return `----=_${kind}_${randomBytes(12).toString('hex')}`;
}

function assemble(envelopeHeaders: string[], contentType: string, parts: string[], b: string): Buffer {
  const head = [...envelopeHeaders, 'MIME-Version: 1.0', contentType].join(CRLF);
  const body = `${parts.map((p) => `--${b}${CRLF}${p}${CRLF}`).join('')}--${b}--${CRLF}`;
  return Buffer.from(`${head}${CRLF}${CRLF}This is an OpenPGP/MIME message (RFC 3156).${CRLF}${body}`, 'latin1');
}

/**
 * RFC 3156 micalg for an openpgp hash name: "pgp-" and the hash's name in the IANA Hash Function Textual Names
 * registry (RFC 4880 §9.4 names).
 */
const MICALG: Record<string, string> = {
  md5: 'pgp-md5',
  sha1: 'pgp-sha1',
  ripemd: 'pgp-ripemd160',
  sha224: 'pgp-sha224',
  sha256: 'pgp-sha256',
  sha384: 'pgp-sha384',
  sha512: 'pgp-sha512',
  sha3_256: 'pgp-sha3-256',
  sha3_512: 'pgp-sha3-512',
};

export function micalgOf(hashAlgorithm: string): string {
  const micalg = MICALG[hashAlgorithm];
  if (!micalg) throw new Error(`no PGP/MIME micalg for hash ${hashAlgorithm}`);
  return micalg;
}

/** multipart/signed: the content entity unchanged, then the detached signature over it. */
export function signedMessage(split: SplitMessage, signature: { armored: string; hashAlgorithm: string }): Buffer {
  const signatureArmored = signature.armored;
  const b = boundary('signed');
  const signaturePart = [
    'Content-Type: application/pgp-signature; name="signature.asc"',
    'Content-Description: OpenPGP digital signature',
    'Content-Disposition: attachment; filename="signature.asc"',
    '',
    signatureArmored.replace(/\r?\n/g, CRLF).trimEnd(),
  ].join(CRLF);
  // The signed part must go out exactly as signed: the content entity, without its final line break owned by
  // the boundary that follows (RFC 3156 §5).
  const content = split.content.toString('latin1').replace(/\r\n$/, '');
  return assemble(
    split.envelopeHeaders,
    `Content-Type: multipart/signed; micalg=${micalgOf(signature.hashAlgorithm)}; protocol="application/pgp-signature"; boundary="${b}"`,
    [content, signaturePart],
    b,
  );
}

/** The bytes to sign for `signedMessage`: the content entity as it will appear between the boundaries. */
export function bytesToSign(split: SplitMessage): Uint8Array {
  return new Uint8Array(Buffer.from(split.content.toString('latin1').replace(/\r\n$/, ''), 'latin1'));
}

/** multipart/encrypted: the version part, then the encrypted (and possibly signed) content entity. */
export function encryptedMessage(split: SplitMessage, encryptedArmored: string): Buffer {
  const b = boundary('encrypted');
  return assemble(
    split.envelopeHeaders,
    `Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="${b}"`,
    [
      [
        'Content-Type: application/pgp-encrypted',
        'Content-Description: PGP/MIME version identification',
        '',
        'Version: 1',
      ].join(CRLF),
      [
        'Content-Type: application/octet-stream; name="encrypted.asc"',
        'Content-Description: OpenPGP encrypted message',
        'Content-Disposition: inline; filename="encrypted.asc"',
        '',
        encryptedArmored.replace(/\r?\n/g, CRLF).trimEnd(),
      ].join(CRLF),
    ],
    b,
  );
}
