/** Key operations beyond checking: encrypting a possession code, keyrings, binary keys, demo and test key pairs. */
import * as openpgp from 'openpgp';
import { concat, LENIENT, LENIENT_PARTIAL, readPublicKeys } from './shared';

/** Encrypts a short text to a public key (armored) for proof of possession; returns an armored PGP MESSAGE. */
export async function encryptTo(armoredPublicKey: string, text: string): Promise<string> {
  const keys = await readPublicKeys(armoredPublicKey);
  if (keys.length !== 1) throw new Error('encryptTo: expected exactly one public key');
  return openpgp.encrypt({
    message: await openpgp.createMessage({ text }),
    encryptionKeys: keys[0],
    format: 'armored',
    config: LENIENT_PARTIAL,
  });
}

/**
 * Decrypts an armored message with an armored, unprotected private key and returns the text. For tests and the
 * possession-proof end-to-end check (the registry itself never holds members' private keys).
 */
export async function decryptWith(armoredPrivateKey: string, armoredMessage: string): Promise<string> {
  let privateKey: openpgp.PrivateKey;
  try {
    privateKey = await openpgp.readPrivateKey({ armoredKey: armoredPrivateKey, config: LENIENT_PARTIAL });
  } catch {
    throw new Error('decryptWith: not an armored private key');
  }
  const message = await openpgp.readMessage({ armoredMessage });
  const { data } = await openpgp.decrypt({ message, decryptionKeys: privateKey, config: LENIENT_PARTIAL });
  return data;
}

/** Concatenates armored public keys into one armored keyring (for keyring.asc / HKP op=get with several). */
export async function armorKeyring(armoredKeys: string[]): Promise<string> {
  const parts: Uint8Array[] = [];
  for (const armored of armoredKeys) {
    for (const key of await readPublicKeys(armored)) parts.push(key.toPublic().write());
  }
  return openpgp.armor(openpgp.enums.armor.publicKey, concat(parts), undefined, undefined, undefined, true, LENIENT);
}

/** The binary (unarmored) packets of an armored public key (VKS/HKP may serve binary). */
export async function dearmorKey(armoredPublicKey: string): Promise<Uint8Array> {
  const keys = await readPublicKeys(armoredPublicKey);
  return concat(keys.map((k) => k.toPublic().write()));
}

interface GeneratedKeyPair {
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
  /** Protects the private key (an association signing key in tests). */
  passphrase?: string;
}): Promise<GeneratedKeyPair> {
  const { publicKey, privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: opts.name, email: opts.email }],
    date: opts.created,
    keyExpirationTime: opts.validDays ? opts.validDays * 86_400 : 0,
    ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
    format: 'armored',
  });
  return { publicKey, privateKey };
}
