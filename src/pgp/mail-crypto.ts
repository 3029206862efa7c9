/**
 * OpenPGP for the association's mail: a detached signature (PGP/MIME multipart/signed) with the association's key,
 * and encryption to a team's key (multipart/encrypted), signed inside when the association has a key. The
 * association's private key is loaded once and kept in this module; callers hold an opaque handle.
 */
import * as openpgp from 'openpgp';
import { LENIENT_PARTIAL, readPublicKeys } from './shared';

export interface SigningKey {
  readonly fingerprint: string;
  /** The association's public key (armored), to publish so members can verify. */
  readonly publicKey: string;
}

const privateKeys = new WeakMap<SigningKey, openpgp.PrivateKey>();

/** Reads and unlocks the association's key; the error never repeats the key or the passphrase. */
export async function readSigningKey(armored: string, passphrase?: string): Promise<SigningKey> {
  let key: openpgp.PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey: armored, config: LENIENT_PARTIAL });
  } catch {
    throw new Error('the association key file does not hold an armored OpenPGP private key');
  }
  if (!key.isDecrypted()) {
    if (!passphrase) throw new Error('the association key is protected: set ASSOCIATION_KEY_PASSPHRASE');
    try {
      key = await openpgp.decryptKey({ privateKey: key, passphrase });
    } catch {
      throw new Error('the association key could not be unlocked with ASSOCIATION_KEY_PASSPHRASE');
    }
  }
  const handle: SigningKey = {
    fingerprint: key.getFingerprint().toUpperCase(),
    publicKey: key.toPublic().armor(),
  };
  privateKeys.set(handle, key);
  return handle;
}

function unwrap(handle: SigningKey): openpgp.PrivateKey {
  const key = privateKeys.get(handle);
  if (!key) throw new Error('unknown signing key handle');
  return key;
}

interface DetachedSignature {
  armored: string;
  /**
   * The hash the signature was made with, as openpgp names it ("sha512", "sha256", …), read from the signature
   * packet itself: PGP/MIME must label it (RFC 3156 micalg), and openpgp picks it (by default SHA-512).
   */
  hashAlgorithm: string;
}

/** An armored detached signature over exactly these bytes (the canonical MIME entity), and the hash it used. */
export async function signDetached(handle: SigningKey, data: Uint8Array): Promise<DetachedSignature> {
  const armored = await openpgp.sign({
    message: await openpgp.createMessage({ binary: data }),
    signingKeys: unwrap(handle),
    detached: true,
    format: 'armored',
  });
  const [packet] = (await openpgp.readSignature({ armoredSignature: armored })).packets;
  const names = Object.entries(openpgp.enums.hash) as [string, number][];
  const hashAlgorithm = names.find(([, id]) => id === packet.hashAlgorithm)?.[0] ?? String(packet.hashAlgorithm);
  return { armored, hashAlgorithm };
}

/** An armored message of these bytes encrypted to the team's key, signed by the association when it has a key. */
export async function encryptForRecipient(
  data: Uint8Array,
  recipientArmored: string,
  signer: SigningKey | null,
): Promise<string> {
  const [recipient] = await readPublicKeys(recipientArmored);
  return openpgp.encrypt({
    message: await openpgp.createMessage({ binary: data }),
    encryptionKeys: recipient,
    ...(signer ? { signingKeys: unwrap(signer) } : {}),
    format: 'armored',
    config: LENIENT_PARTIAL,
  });
}

/** Whether a detached signature over the bytes verifies with the public key (tests; members' own checks). */
export async function verifyDetached(data: Uint8Array, signatureArmored: string, publicArmored: string) {
  const [key] = await readPublicKeys(publicArmored);
  const result = await openpgp.verify({
    message: await openpgp.createMessage({ binary: data }),
    signature: await openpgp.readSignature({ armoredSignature: signatureArmored }),
    verificationKeys: key,
  });
  try {
    await result.signatures[0].verified;
    return true;
  } catch {
    return false;
  }
}

/** Decrypts an armored message with an unprotected private key (tests), answering the bytes and whether it was signed by `signerArmored`. */
export async function decryptBytes(armoredPrivateKey: string, armoredMessage: string, signerArmored?: string) {
  const privateKey = await openpgp.readPrivateKey({ armoredKey: armoredPrivateKey, config: LENIENT_PARTIAL });
  const { data, signatures } = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage }),
    decryptionKeys: privateKey,
    format: 'binary',
    ...(signerArmored ? { verificationKeys: await readPublicKeys(signerArmored) } : {}),
    config: LENIENT_PARTIAL,
  });
  let signed = false;
  if (signerArmored && signatures.length) {
    try {
      await signatures[0].verified;
      signed = true;
    } catch {
      signed = false;
    }
  }
  return { data: data as Uint8Array, signed };
}
