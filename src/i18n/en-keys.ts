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
  'keyError.too_many_user_ids':
    'The key has too many user IDs ({count}; at most {limit} are accepted). Delete the user IDs you no longer use and export it again.',
  'keyError.too_many_subkeys':
    'The key has too many subkeys ({count}; at most {limit} are accepted). Delete the subkeys you no longer use and export it again.',
  'keyError.too_many_packets':
    'The key holds too much data ({count, plural, one {# packet} other {# packets}} without third-party signatures; at most {limit}). Export it without superseded self-signatures: gpg --export-options export-minimal --armor --export <fingerprint>.',
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
  'keys.expected':
    'The association’s member list records this fingerprint as the team’s key. Please register that public key.',
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
    'A new key is published only once the code sent to the team address is entered. It then becomes the next key while the current key is valid, and both are served until the old one is retired.',
  'keys.confirmFingerprint': 'The fingerprint your gpg shows (gpg --fingerprint)',
  'keys.confirmFingerprintHint': 'Spaces and case do not matter.',
  'keys.fingerprintMismatch':
    'The fingerprint you typed does not match the key. Please check that this is the right key.',
  'keys.nextExists': 'There is a next key already. Retire the current key or the next key first.',
  'keys.alreadyRegistered': 'This key is registered already.',
  'keys.uploaded':
    'Key received. A verification code, encrypted to the key, has been sent to {email}. The key is not published until the code is entered.',
  'keys.verifyCode': 'Verification code',
  'keys.verify': 'Verify possession',
  'keys.verifyHint':
    'Decrypt the encrypted message sent to the team address and enter the code it contains (valid 7 days).',
  'keys.codeWrong': 'The code is not correct or has expired.',
  'keys.verifiedNow': 'Possession of the key is verified.',
  'keys.role.pending': 'New key (awaiting proof of possession, not published)',
  'keys.pendingHint':
    "This key is not published anywhere yet (keyserver, team page, API, encryption of the association's mail). Enter the code from the encrypted mail sent to the team address to publish it: it becomes the next key while the current key is valid, otherwise the current key.",
  'keys.uidMismatch':
    "None of this key's user IDs contains the team address {email}. Check that it is not another organisation's key. It is not published as the team's key until its possession is verified; if you do not recognise it, discard it.",
  'keys.discard': 'Discard',
  'keys.discardConfirm': 'Discard this key awaiting proof of possession?',
  'keys.verifiedCurrent': "Possession of the key is verified. It is now published as the team's current key.",
  'keys.verifiedNext':
    'Possession of the key is verified. It is now published as the next key, together with the current key; retiring the current key completes the switch.',
  'keys.pendingUnusable':
    'This key has expired or been revoked since it was uploaded and cannot be published. Please register a new key.',
  'keys.lastKeyWarning':
    "If you retire this key, the team will have no usable key: no key of the team will be served by the keyserver, the team page or the API, and the association's mail will no longer be encrypted. Register a new key and verify its possession first.",
  'keys.lastKeyConfirm': 'I understand that the team will have no key',
  'keys.lastKeyConfirmMissing':
    'Retiring this key leaves the team with no usable key. To retire it anyway, tick "I understand that the team will have no key".',
  'keys.retireLastConfirm': 'The team will have no usable key. Retire it anyway?',
  'keys.done.promoted': 'The key was retired. The next key is now the current key.',
  'keys.done.retired': 'The key was retired. The current key is still published.',
  'keys.done.noKey': 'The key was retired. The team has no usable key now: please register a new key.',
  'keys.done.discarded': 'The key awaiting proof of possession was discarded.',
  'keys.done.already': 'This key was already retired or revoked.',
  'keys.done.revoked':
    'The revocation was taken in. The keyserver serves the key with it, so gpg --refresh-keys tells everyone it is revoked.',
  'keys.done.revokedPromoted':
    'The revocation was taken in and the keyserver serves the key with it. The next key is now the current key.',
  'keys.done.revokedNoKey':
    'The revocation was taken in and the keyserver serves the key with it. The team has no usable key now: please register a new key.',
  'keys.done.mail': 'The mail encryption setting was saved.',
  'keys.revoked': 'Revoked',
  'keys.revocation': 'Take in a revocation',
  'keys.revocationHint':
    'If a key was compromised or is no longer used, upload its revocation certificate (the output of gpg --gen-revoke <fingerprint>, or the one gpg made in openpgp-revocs.d when the key was created) or the revoked key exported again (gpg --armor --export <fingerprint>). The keyserver then serves the key with its revocation, so everyone who runs gpg --refresh-keys learns it is revoked.',
  'keys.revocationPaste': 'Revocation certificate or revoked key (ASCII armor)',
  'keys.revocationFile': 'or its file',
  'keys.revocationSubmit': 'Take in the revocation',
  'keys.revocationError.empty': 'Paste the revocation certificate or choose its file.',
  'keys.revocationError.too_large': 'The input is too large. Please send the revocation certificate only.',
  'keys.revocationError.private_key':
    'This is a PRIVATE key. It was not accepted, stored or recorded. Send only the revocation certificate or the public key.',
  'keys.revocationError.not_revocation':
    'No key revocation was found. Send the output of gpg --gen-revoke or the revoked key exported again (a revoked user ID does not revoke the key).',
  'keys.revocationError.wrong_key': 'This revokes none of the keys registered for this team.',
  'keys.revocationError.bad_signature':
    'The revocation does not verify with the key. Please check that it is not damaged.',
  'keys.history': 'Key history',
  'keys.download': 'Download public key (.asc)',
  'keys.nextKey': 'Next key (rotation)',
  'keys.gpgFetch': 'Fetch with gpg:',

  'mail.keyPossession.subject': 'Key possession check',
  'mail.keyPossession.body':
    'The PGP key {fingerprint} was registered for {team}. It is not published until its possession is verified: decrypt the encrypted message below and enter the code on the key management page. If you do not recognise this key, do not enter the code and tell the secretariat.',
  'mail.keyPossession.code': 'Verification code: {code} (valid until {date})',

  'mail.encryptedCopy.body':
    'The association sent "{subject}" to {to}. That message is encrypted to the team\'s PGP key, so its content is not repeated here: read it by decrypting the mail the team address received.',

  'validation.fingerprint': 'Please enter the fingerprint: 40 hexadecimal digits.',
  'validation.key': 'Please paste a public key or choose a file.',
  'validation.code8': 'Please enter the verification code.',
};
