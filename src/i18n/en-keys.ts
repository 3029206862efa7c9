import type { jaKeys } from './ja-keys';

/** English messages of the PGP key features: the same keys as ja-keys.ts. */
export const enKeys: Record<keyof typeof jaKeys, string> = {
  'nav.keyCheck': 'Check a key',

  'keyError.empty': 'No key was given.',
  'keyError.too_large': 'The input is too large (the limit is 1 MiB).',
  'keyError.not_openpgp': 'This cannot be read as an OpenPGP key.',
  'keyError.corrupted': 'The key data is corrupted or cut off. Please copy it again.',
  'keyError.multiple_keys': 'This contains more than one key. Please send one key at a time.',
  'keyError.private_key':
    'This is a PRIVATE key. Never give it to anyone. It was not accepted, stored or recorded. Export only the public key with gpg --armor --export <fingerprint> and send that.',
  'keyError.revoked': 'This key has been revoked.',
  'keyError.expired': 'This key expired on {date}.',
  'keyError.no_encryption_key': 'The key has no encryption-capable (sub)key: nobody can encrypt to a sign-only key.',
  'keyError.weak_key':
    'The key is too short ({bits, plural, one {# bit} other {# bits}}). RSA, DSA and ElGamal keys need at least 2048 bits.',
  'keyWarning.rsa_under_3072': 'This is a {bits}-bit RSA key. 3072 bits or more are recommended.',
  'keyWarning.legacy_algorithm': 'DSA and ElGamal are legacy algorithms. Consider moving to Ed25519 or RSA 3072+.',
  'keyWarning.expires_soon': 'The key expires on {date}. Extend it or register a new key.',
  'keyWarning.no_expiry': 'The key never expires. Setting an expiry and extending it regularly is recommended.',
  'keyWarning.no_matching_uid': 'No user ID of the key contains {email}.',
  'keyWarning.sha1_self_signature': 'A self-signature uses SHA-1. Please re-sign with SHA-256 or stronger.',

  'keyCheck.title': 'Check a PGP public key',
  'keyCheck.lead': 'Paste a public key or choose a file to see whether it can be registered. The key is not stored.',
  'keyCheck.paste': 'Public key (ASCII armor)',
  'keyCheck.file': 'or a key file',
  'keyCheck.email': 'Email address to match (optional)',
  'keyCheck.submit': 'Check',
  'keyCheck.ok': 'This key can be registered.',
  'keyCheck.notOk': 'This key cannot be registered.',
  'keyCheck.errors': 'Problems',
  'keyCheck.warnings': 'Warnings',
  'keyCheck.api': 'API: POST /api/v1/keys/check (the key as the body, optional ?email=)',

  'keys.title': 'PGP keys of {team}',
  'keys.manage': 'Manage keys',
  'keys.role.current': 'Current key',
  'keys.role.next': 'Next key (rotation)',
  'keys.role.retired': 'Retired',
  'keys.status': 'Status',
  'keys.verified': 'Possession',
  'keys.verifiedOn': 'Possession verified on {date}',
  'keys.verifiedDate': 'Verified on {date}',
  'keys.retireConfirm': 'Retire this key? A retired key is no longer served.',
  'keyCheck.uids': 'User IDs',
  'keys.notVerified': 'Not verified',
  'keys.added': 'Added',
  'keys.retiredOn': 'Retired on {date}',
  'keys.retire': 'Retire',
  'keys.retireCurrentHint': 'Retiring the current key makes the next key current.',
  'keys.upload': 'Register a key',
  'keys.uploadHint':
    'A key registered while the current one is valid becomes the "next" key and both are served; retiring the old key completes the rotation.',
  'keys.confirmFingerprint': 'The fingerprint your gpg shows (gpg --fingerprint)',
  'keys.confirmFingerprintHint': 'Spaces and case do not matter.',
  'keys.fingerprintMismatch':
    'The fingerprint you typed does not match the key. Please check that this is the right key.',
  'keys.nextExists': 'There is a next key already. Retire the current key or the next key first.',
  'keys.alreadyRegistered': 'This key is registered already.',
  'keys.uploaded': 'Key registered. A verification code, encrypted to the key, has been sent to {email}.',
  'keys.verifyCode': 'Verification code',
  'keys.verify': 'Verify possession',
  'keys.verifyHint':
    'Decrypt the encrypted message sent to the team address and enter the code it contains (valid 7 days).',
  'keys.codeWrong': 'The code is not correct or has expired.',
  'keys.verifiedNow': 'Possession of the key is verified.',
  'keys.history': 'Key history',
  'keys.download': 'Download public key (.asc)',
  'keys.nextKey': 'Next key (rotation)',
  'keys.gpgFetch': 'Fetch with gpg:',

  'mail.keyPossession.subject': 'Key possession check',
  'mail.keyPossession.body':
    'The PGP key {fingerprint} has been registered for {team}. To prove possession, decrypt the message below and enter the code it contains on the key management page.',
  'mail.keyPossession.code': 'Verification code: {code} (valid until {date})',

  'validation.fingerprint': 'Please enter the fingerprint: 40 hexadecimal digits.',
  'validation.key': 'Please paste a public key or choose a file.',
  'validation.code8': 'Please enter the verification code.',
};
