/** The plain records the key checks answer with (no openpgp types: callers never see the library). */
export interface KeyRecord {
  /** 40 uppercase hex digits. */
  fingerprint: string;
  /** 16 uppercase hex digits. */
  keyId: string;
  /** Human label of the primary key's algorithm: "RSA", "Ed25519", "ECDSA P-256", "DSA", … */
  algorithm: string;
  bits: number | null;
  created: Date;
  /**
   * When the key stops being usable for encryption: the earlier of the primary key's and the encryption subkey's
   * expiry (they are the same for keys made by gpg's defaults). null: the key never expires.
   */
  expires: Date | null;
  uids: string[];
  /** Lowercased addresses taken from the user IDs. */
  emails: string[];
  /** The public key, armored, without third-party certifications. */
  armored: string;
}

/** Largest key input accepted, in bytes (armored or binary). Larger input is refused unparsed. */
export const KEY_SIZE_LIMIT = 1024 * 1024;

export type KeyErrorCode =
  | 'empty'
  | 'too_large'
  | 'not_openpgp'
  | 'corrupted'
  | 'multiple_keys'
  | 'private_key'
  | 'revoked'
  | 'expired'
  | 'no_encryption_key'
  | 'weak_key'
  /** Over the work a key may cost (packets.ts): params {count, limit}. */
  | 'too_many_user_ids'
  | 'too_many_subkeys'
  | 'too_many_packets';

export type KeyWarningCode =
  | 'rsa_under_3072'
  | 'legacy_algorithm'
  | 'expires_soon'
  | 'no_expiry'
  | 'no_matching_uid'
  | 'sha1_self_signature';

/** params e.g. {bits: 1024}, {date: ISO}, {email}. */
export interface KeyProblem<C> {
  code: C;
  params?: Record<string, string | number>;
}

export interface KeyCheck {
  /** true when errors is empty. */
  ok: boolean;
  /** 40 uppercase hex, when a single public or private key could be parsed. */
  fingerprint: string | null;
  errors: KeyProblem<KeyErrorCode>[];
  warnings: KeyProblem<KeyWarningCode>[];
  /** The minimised PUBLIC key record; null when the input is not one parseable public key. */
  key: KeyRecord | null;
  /** 16 uppercase hex of the key that would be used for encryption, when there is one. */
  encryptionKeyId: string | null;
}

/** "ABCD1234…" from any spacing or case the user typed or gpg printed. */
export function normalizeFingerprint(input: string): string {
  return input.replace(/^0x/i, '').replace(/[\s:]/g, '').toUpperCase();
}
