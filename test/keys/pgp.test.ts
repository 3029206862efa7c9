import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  armorKeyring,
  checkKey,
  dearmorKey,
  decryptWith,
  describePublicKey,
  encryptTo,
  generateKeyPair,
  KEY_SIZE_LIMIT,
  type KeyCheck,
  keyStatusAt,
} from '../../src/pgp';
import {
  dearmor,
  expiredKey,
  expiringKey,
  gpgDecrypt,
  gpgPublicHalf,
  gpgShowKeys,
  readPackets,
  revokedUidKey,
  signatures,
} from '../helpers/gpg';

/** KEY_FIXTURES_DIR: run these tests against a fresh `make-fixtures.sh OUTDIR` before replacing the committed set. */
const FIXTURES = process.env.KEY_FIXTURES_DIR ?? path.join(__dirname, '..', 'fixtures', 'keys');
const fixturePath = (name: string) => path.join(FIXTURES, name);
const fixture = (name: string) => fs.readFileSync(fixturePath(name), 'utf8');

/** "<fixture> <fingerprint>" lines written by make-fixtures.sh. */
const EXPECTED_FINGERPRINTS = new Map<string, string[]>();
for (const line of fixture('fingerprints.txt').split('\n')) {
  const [name, fpr] = line.trim().split(/\s+/);
  if (!name || name.startsWith('#') || !fpr) continue;
  EXPECTED_FINGERPRINTS.set(name, [...(EXPECTED_FINGERPRINTS.get(name) ?? []), fpr]);
}
const fingerprintOf = (name: string) => EXPECTED_FINGERPRINTS.get(name)![0];

const now = new Date();
const DAY = 86_400_000;

const codes = (problems: { code: string }[]) => problems.map((p) => p.code).sort();

interface Expectation {
  errors: string[];
  warnings: string[];
  /** whether KeyCheck.key is a record */
  record: boolean;
}

const EXPECTATIONS: Record<string, Expectation> = {
  'rsa4096.asc': { errors: [], warnings: ['no_expiry'], record: true },
  'rsa4096.gpg': { errors: [], warnings: ['no_expiry'], record: true },
  'ed25519.asc': { errors: [], warnings: ['no_expiry'], record: true },
  'rsa2048.asc': { errors: [], warnings: ['no_expiry', 'rsa_under_3072'], record: true },
  'rsa1024.asc': { errors: ['weak_key'], warnings: ['no_expiry'], record: true },
  'revoked.asc': { errors: ['revoked'], warnings: [], record: true },
  'sign-only.asc': { errors: ['no_encryption_key'], warnings: ['no_expiry'], record: true },
  'secret-key-DO-NOT-USE.asc': { errors: ['private_key'], warnings: [], record: false },
  'two-keys.asc': { errors: ['multiple_keys'], warnings: [], record: false },
  'dsa-elgamal.asc': { errors: [], warnings: ['legacy_algorithm', 'no_expiry'], record: true },
  'flooded.asc': { errors: [], warnings: ['no_expiry'], record: true },
  'html-uid.asc': { errors: [], warnings: ['no_expiry'], record: true },
  'sha1.asc': { errors: [], warnings: ['no_expiry', 'sha1_self_signature'], record: true },
};

async function checkFixture(name: string, email?: string): Promise<KeyCheck> {
  const input = name.endsWith('.gpg') ? fs.readFileSync(fixturePath(name)) : fixture(name);
  return checkKey(input, { now, email });
}

/** Certifications on user IDs (0x10–0x13), split by whether the key holder made them. */
function certifications(binary: Uint8Array, primaryKeyId: string) {
  const certs = signatures(binary).filter((s) => s.type >= 0x10 && s.type <= 0x13);
  return {
    self: certs.filter((s) => s.issuer === primaryKeyId).length,
    thirdParty: certs.filter((s) => s.issuer !== primaryKeyId).length,
  };
}

describe('checkKey on the committed fixtures', () => {
  it.each(Object.entries(EXPECTATIONS))(
    'when the input is %s, then the errors and warnings are as expected',
    async (name, want) => {
      const result = await checkFixture(name);
      expect(codes(result.errors)).toEqual(want.errors);
      expect(codes(result.warnings)).toEqual(want.warnings);
      expect(result.ok).toBe(want.errors.length === 0);
      expect(result.key !== null).toBe(want.record);
    },
  );

  it.each([...EXPECTED_FINGERPRINTS.keys()].filter((n) => n !== 'two-keys.asc'))(
    'when the input is %s, then the fingerprint is the one gpg shows',
    async (name) => {
      const result = await checkFixture(name);
      expect(result.fingerprint).toBe(fingerprintOf(name));
      const shown = gpgShowKeys(fixturePath(name));
      if (shown) expect(shown.map((k) => k.fingerprint)).toEqual([fingerprintOf(name)]);
      if (result.key) {
        expect(result.key.fingerprint).toBe(fingerprintOf(name));
        expect(result.key.keyId).toBe(fingerprintOf(name).slice(-16));
      }
    },
  );

  it('when the fixtures are listed by gpg, then fingerprints.txt matches them', () => {
    for (const [name, fprs] of EXPECTED_FINGERPRINTS) {
      const shown = gpgShowKeys(fixturePath(name));
      if (shown) expect(shown.map((k) => k.fingerprint)).toEqual(fprs);
    }
  });

  it('when the key is RSA 4096 with an encryption subkey, then the record describes it and names the subkey', async () => {
    const result = await checkFixture('rsa4096.asc');
    expect(result.key).toMatchObject({
      algorithm: 'RSA',
      bits: 4096,
      expires: null,
      uids: ['Fixture RSA <rsa@fixture.example.jp>'],
      emails: ['rsa@fixture.example.jp'],
    });
    expect(result.key!.created).toBeInstanceOf(Date);
    expect(result.key!.armored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    const shown = gpgShowKeys(fixturePath('rsa4096.asc'));
    const encryptionSubkey = shown ? shown[0].subkeys.find((s) => s.usage.includes('e'))!.keyId : undefined;
    expect(result.encryptionKeyId).toMatch(/^[0-9A-F]{16}$/);
    expect(result.encryptionKeyId).not.toBe(result.key!.keyId);
    if (encryptionSubkey) expect(result.encryptionKeyId).toBe(encryptionSubkey);
  });

  it('when the key is Ed25519 + Cv25519, then it is accepted with its algorithm and size', async () => {
    const result = await checkFixture('ed25519.asc');
    expect(result.key).toMatchObject({ algorithm: 'Ed25519', bits: 256 });
    expect(result.encryptionKeyId).toMatch(/^[0-9A-F]{16}$/);
  });

  it('when the key is RSA 1024, then weak_key reports the size', async () => {
    const result = await checkFixture('rsa1024.asc');
    expect(result.errors).toEqual([{ code: 'weak_key', params: { bits: 1024 } }]);
  });

  it('when the key is RSA 2048, then rsa_under_3072 reports the size', async () => {
    const result = await checkFixture('rsa2048.asc');
    expect(result.warnings).toContainEqual({ code: 'rsa_under_3072', params: { bits: 2048 } });
  });

  it('when the key is DSA + ElGamal, then the legacy warning names both algorithms and the key is accepted', async () => {
    const result = await checkFixture('dsa-elgamal.asc');
    expect(result.warnings).toContainEqual({ code: 'legacy_algorithm', params: { algorithm: 'DSA, ElGamal' } });
    expect(result.key).toMatchObject({ algorithm: 'DSA', bits: 2048 });
    expect(result.encryptionKeyId).toMatch(/^[0-9A-F]{16}$/);
  });

  it('when the key can only sign, then there is no encryption key id', async () => {
    const result = await checkFixture('sign-only.asc');
    expect(result.encryptionKeyId).toBeNull();
    expect(result.fingerprint).toBe(fingerprintOf('sign-only.asc'));
  });

  it('when the key carries 100+ third-party certifications, then the record keeps only self-signatures', async () => {
    const input = dearmor(fixture('flooded.asc'));
    const keyId = fingerprintOf('flooded.asc').slice(-16);
    const before = certifications(input, keyId);
    expect(before.thirdParty).toBeGreaterThanOrEqual(100);
    expect(before.self).toBeGreaterThanOrEqual(1);

    const result = await checkFixture('flooded.asc');
    const after = certifications(await dearmorKey(result.key!.armored), keyId);
    expect(after).toEqual({ self: before.self, thirdParty: 0 });
    expect(result.key!.armored.length).toBeLessThan(fixture('flooded.asc').length / 10);
    // The subkey and its binding survive; the minimised key is still a good key.
    const again = await checkKey(result.key!.armored, { now });
    expect(again).toMatchObject({ ok: true, fingerprint: result.fingerprint, encryptionKeyId: result.encryptionKeyId });
  });

  it('when a user ID contains HTML, then it is returned verbatim', async () => {
    const result = await checkFixture('html-uid.asc');
    expect(result.key!.uids).toEqual(['<script>alert(1)</script> <html@fixture.example.jp>']);
    expect(result.key!.emails).toEqual(['html@fixture.example.jp']);
  });

  it('when self-signatures use SHA-1, then the fixture really has them and the key is accepted with a warning', async () => {
    expect(signatures(dearmor(fixture('sha1.asc'))).every((s) => s.hashAlgorithm === 2)).toBe(true);
    expect((await checkFixture('sha1.asc')).ok).toBe(true);
    expect(codes((await checkFixture('rsa4096.asc')).warnings)).not.toContain('sha1_self_signature');
  });
});

describe('checkKey on input forms', () => {
  it('when the key is binary (Buffer, Uint8Array, or bytes holding armor), then it reads the same key', async () => {
    const armored = await checkFixture('rsa4096.asc');
    const buffer = fs.readFileSync(fixturePath('rsa4096.gpg'));
    for (const input of [buffer, new Uint8Array(buffer), Buffer.from(fixture('rsa4096.asc'))]) {
      const result = await checkKey(input, { now });
      expect(result.fingerprint).toBe(armored.fingerprint);
      expect(result.key!.armored).toBe(armored.key!.armored);
    }
  });

  it('when the armor is truncated, then the error is corrupted', async () => {
    const text = fixture('rsa4096.asc');
    const result = await checkKey(text.slice(0, Math.floor(text.length / 2)), { now });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'corrupted' }], key: null, fingerprint: null });
  });

  it('when a line of the armor is lost or a character changed, then the error is corrupted', async () => {
    const lines = fixture('rsa4096.asc').split('\n');
    const dropped = [...lines.slice(0, 8), ...lines.slice(9)].join('\n');
    const flipIndex = lines.findIndex((l, i) => i > 5 && l.length > 40);
    const flipped = [...lines];
    const line = lines[flipIndex];
    flipped[flipIndex] = `${line.slice(0, 10)}${line[10] === 'A' ? 'B' : 'A'}${line.slice(11)}`;
    expect(flipped.join('\n')).not.toBe(lines.join('\n'));
    for (const input of [dropped, flipped.join('\n')]) {
      expect(codes((await checkKey(input, { now })).errors)).toEqual(['corrupted']);
    }
  });

  it('when the armor checksum is wrong, then the error is corrupted', async () => {
    const text = fixture('rsa4096.asc').replace(/\n=[A-Za-z0-9+/]{4}\n/, '\n=AAAA\n');
    expect(text).not.toBe(fixture('rsa4096.asc'));
    expect(codes((await checkKey(text, { now })).errors)).toEqual(['corrupted']);
  });

  it('when a binary key is truncated, then the error is corrupted', async () => {
    const bytes = fs.readFileSync(fixturePath('rsa4096.gpg'));
    for (const cut of [40, 700, bytes.length - 20]) {
      expect(codes((await checkKey(bytes.subarray(0, cut), { now })).errors)).toEqual(['corrupted']);
    }
  });

  it('when the input is 5 MiB of random bytes, then it is too_large without being parsed', async () => {
    const started = Date.now();
    const result = await checkKey(randomBytes(5 * 1024 * 1024), { now });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'too_large' }], key: null, fingerprint: null });
    expect(Date.now() - started).toBeLessThan(1000);
    const justOver = await checkKey('x'.repeat(KEY_SIZE_LIMIT + 1), { now });
    expect(codes(justOver.errors)).toEqual(['too_large']);
    // multi-byte characters count as bytes
    const wide = await checkKey('ä'.repeat(KEY_SIZE_LIMIT / 2 + 1), { now });
    expect(codes(wide.errors)).toEqual(['too_large']);
  });

  it('when the input is 900 KiB of random bytes, then it is not_openpgp and nothing throws', async () => {
    for (let i = 0; i < 3; i++) {
      const bytes = randomBytes(900 * 1024);
      bytes[0] = 0x00; // not a packet tag: random data that happens to start like a key packet reads as damaged
      await expect(checkKey(bytes, { now })).resolves.toMatchObject({ errors: [{ code: 'not_openpgp' }], key: null });
    }
    const started = Date.now();
    await expect(checkKey(randomBytes(900 * 1024), { now })).resolves.toMatchObject({ ok: false, key: null });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('when the input is empty or whitespace, then the error is empty', async () => {
    for (const input of ['', '  \n\t ', new Uint8Array(0), Buffer.from('\r\n')]) {
      expect((await checkKey(input, { now })).errors).toEqual([{ code: 'empty' }]);
    }
  });

  it('when the input is text, an armored message or odd values, then the error is not_openpgp', async () => {
    const message = await encryptTo(fixture('ed25519.asc'), 'hello');
    const inputs: unknown[] = ['hello world', 'mQINBGZ', message, null, undefined, 42, { key: 'x' }];
    for (const input of inputs) {
      const result = await checkKey(input as string, { now });
      expect(result).toMatchObject({ ok: false, errors: [{ code: 'not_openpgp' }], key: null });
    }
  });

  it('when only an armor header is there, then the error is corrupted', async () => {
    const result = await checkKey('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64 at all\n', { now });
    expect(codes(result.errors)).toEqual(['corrupted']);
  });

  it('when two armored keys are pasted one after the other, then the error is multiple_keys', async () => {
    const result = await checkKey(`${fixture('rsa4096.asc')}\n${fixture('ed25519.asc')}`, { now });
    expect(result).toMatchObject({ errors: [{ code: 'multiple_keys' }], key: null, fingerprint: null });
  });

  it('when text surrounds the armor, then the key is still read', async () => {
    const result = await checkKey(`Here is our key:\n\n${fixture('ed25519.asc')}\nRegards\n`, { now });
    expect(result.fingerprint).toBe(fingerprintOf('ed25519.asc'));
  });
});

describe('checkKey refuses private keys', () => {
  const secret = fixture('secret-key-DO-NOT-USE.asc');
  const secretBinary = dearmor(secret);
  /** Pieces of the secret key packets: none may appear in what we return. */
  const secretPieces = readPackets(secretBinary)
    .filter((p) => p.tag === 5 || p.tag === 7)
    .flatMap((p) => {
      const tail = p.body.subarray(-40);
      return [tail.toString('hex'), tail.toString('hex').toUpperCase(), tail.toString('base64').slice(4, 40)];
    });
  const armorLines = secret.split('\n').filter((l) => l.length >= 20 && !l.startsWith('-----'));

  function expectNoSecret(result: KeyCheck) {
    const json = JSON.stringify(result);
    expect(json).not.toContain('PRIVATE');
    expect(json).not.toContain('BEGIN PGP');
    for (const piece of [...secretPieces, ...armorLines]) expect(json).not.toContain(piece);
  }

  it('when the armored secret key is uploaded, then it is private_key with the fingerprint and nothing else', async () => {
    const result = await checkKey(secret, { now });
    expect(result).toEqual({
      ok: false,
      fingerprint: fingerprintOf('secret-key-DO-NOT-USE.asc'),
      errors: [{ code: 'private_key' }],
      warnings: [],
      key: null,
      encryptionKeyId: null,
    });
    expectNoSecret(result);
  });

  it('when the secret key comes as binary or under a PUBLIC KEY armor header, then it is still private_key', async () => {
    const b64 = secretBinary.toString('base64').replace(/.{64}/g, '$&\n');
    const disguised = `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${b64}\n-----END PGP PUBLIC KEY BLOCK-----\n`;
    for (const input of [secretBinary, new Uint8Array(secretBinary), disguised]) {
      const result = await checkKey(input, { now });
      expect(result).toMatchObject({ errors: [{ code: 'private_key' }], key: null });
      expect(result.fingerprint).toBe(fingerprintOf('secret-key-DO-NOT-USE.asc'));
      expectNoSecret(result);
    }
  });

  it('when a secret key is mixed with a public key, then it is private_key', async () => {
    const result = await checkKey(`${fixture('ed25519.asc')}\n${secret}`, { now });
    expect(result).toMatchObject({ errors: [{ code: 'private_key' }], key: null });
    expectNoSecret(result);
  });

  it('when a private key is passed to the other helpers, then they refuse it without echoing it', async () => {
    for (const call of [
      () => describePublicKey(secret),
      () => encryptTo(secret, 'x'),
      () => armorKeyring([fixture('ed25519.asc'), secret]),
      () => dearmorKey(secret),
    ]) {
      const error: unknown = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toMatch(/BEGIN PGP/);
      for (const line of armorLines) expect((error as Error).message).not.toContain(line);
    }
    expect(await keyStatusAt(secret, now)).toBe('invalid');
  });
});

describe('time-relative keys', () => {
  it('when the key expired a year ago, then the error is expired and the record is still given', async () => {
    const expired = await expiredKey(now);
    const result = await checkKey(expired.publicKey, { now });
    expect(codes(result.errors)).toEqual(['expired']);
    expect(result.fingerprint).toBe(expired.fingerprint);
    expect(result.key!.expires!.getTime()).toBeLessThan(now.getTime());
    expect(codes(result.warnings)).not.toContain('expires_soon');
    expect(await keyStatusAt(expired.publicKey, now)).toBe('expired');
  });

  it('when the key expires in 30 days, then expires_soon carries the date', async () => {
    const expiring = await expiringKey(now, 30);
    const result = await checkKey(expiring.publicKey, { now });
    expect(result.errors).toEqual([]);
    expect(codes(result.warnings)).toEqual(['expires_soon']);
    const date = new Date(String(result.warnings[0].params!.date));
    expect(Math.abs(date.getTime() - (now.getTime() + 30 * DAY))).toBeLessThan(2000);
    expect(result.key!.expires!.toISOString()).toBe(date.toISOString());
  });

  it('when the key expires in 90 days, then there is no expiry warning at all', async () => {
    const result = await checkKey((await expiringKey(now, 90)).publicKey, { now });
    expect(result).toMatchObject({ ok: true, errors: [], warnings: [] });
  });

  it('when a stored key is rechecked over time, then keyStatusAt moves from valid to expired', async () => {
    const { publicKey } = await expiringKey(now, 10);
    expect(await keyStatusAt(publicKey, now)).toBe('valid');
    expect(await keyStatusAt(publicKey, new Date(now.getTime() + 9 * DAY))).toBe('valid');
    expect(await keyStatusAt(publicKey, new Date(now.getTime() + 11 * DAY))).toBe('expired');
  });

  it('when a key was checked after its expiry date, then the error is expired', async () => {
    const expiring = await expiringKey(now, 5);
    const result = await checkKey(expiring.publicKey, { now: new Date(now.getTime() + 6 * DAY) });
    expect(codes(result.errors)).toEqual(['expired']);
  });

  it('when only the encryption subkey expires, then it counts: expires_soon now, no_encryption_key and expired later', async () => {
    const key = await expiringKey(now, 20, { subkeyOnly: true });
    if (key.made !== 'gpg') return; // the openpgp fallback cannot make subkey-only expiry
    const soon = await checkKey(key.publicKey, { now });
    expect(codes(soon.warnings)).toEqual(['expires_soon']);
    const later = new Date(now.getTime() + 21 * DAY);
    const result = await checkKey(key.publicKey, { now: later });
    expect(codes(result.errors)).toEqual(['no_encryption_key']);
    expect(result.key).not.toBeNull();
    expect(await keyStatusAt(key.publicKey, later)).toBe('expired');
  });
});

describe('keyStatusAt', () => {
  it('when the stored key is good, revoked, weak, sign-only or garbage, then the status says so', async () => {
    expect(await keyStatusAt(fixture('rsa4096.asc'), now)).toBe('valid');
    expect(await keyStatusAt(fixture('ed25519.asc'), now)).toBe('valid');
    expect(await keyStatusAt(fixture('revoked.asc'), now)).toBe('revoked');
    expect(await keyStatusAt(fixture('rsa1024.asc'), now)).toBe('invalid');
    expect(await keyStatusAt(fixture('sign-only.asc'), now)).toBe('invalid');
    expect(await keyStatusAt('garbage', now)).toBe('invalid');
    expect(await keyStatusAt(fixture('two-keys.asc'), now)).toBe('invalid');
  });
});

describe('user ID matching', () => {
  it('when the team email is in a user ID (any case), then there is no no_matching_uid warning', async () => {
    const result = await checkFixture('rsa4096.asc', 'RSA@Fixture.Example.JP');
    expect(codes(result.warnings)).toEqual(['no_expiry']);
  });

  it('when the team email is in no user ID, then no_matching_uid names it', async () => {
    const result = await checkFixture('rsa4096.asc', 'csirt@example.jp');
    expect(result.ok).toBe(true);
    expect(result.warnings).toContainEqual({ code: 'no_matching_uid', params: { email: 'csirt@example.jp' } });
  });

  it('when the only matching user ID is revoked, then it does not count', async () => {
    const key = await revokedUidKey(now, 'old@fixture.example.jp');
    if (key === null) return; // needs gpg
    const result = await checkKey(key.publicKey, { now, email: 'old@fixture.example.jp' });
    expect(result.key!.emails).toContain('old@fixture.example.jp');
    expect(result.warnings).toContainEqual({ code: 'no_matching_uid', params: { email: 'old@fixture.example.jp' } });
    const other = await checkKey(key.publicKey, { now, email: 'revoked-uid@fixture.example.jp' });
    expect(codes(other.warnings)).not.toContain('no_matching_uid');
  });
});

describe('encryptTo and decryptWith', () => {
  it('when a code is encrypted to a fresh key pair, then decryptWith with its private key gives it back', async () => {
    const pair = await generateKeyPair({
      name: 'Team',
      email: 'team@example.jp',
      created: new Date(now.getTime() - DAY),
    });
    const message = await encryptTo(pair.publicKey, 'possession code 482913');
    expect(message).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(message).not.toContain('482913');
    expect(await decryptWith(pair.privateKey, message)).toBe('possession code 482913');
  });

  it('when a code is encrypted to a gpg-made key, then gpg decrypts it', async () => {
    const secretFile = fixturePath('secret-key-DO-NOT-USE.asc');
    const publicKey = await gpgPublicHalf(secretFile);
    if (publicKey === null) return; // no gpg here: nothing to interoperate with
    expect((await checkKey(publicKey, { now })).fingerprint).toBe(fingerprintOf('secret-key-DO-NOT-USE.asc'));
    const message = await encryptTo(publicKey, 'code 1234-5678');
    expect(await gpgDecrypt(secretFile, message)).toBe('code 1234-5678');
    expect(await decryptWith(fixture('secret-key-DO-NOT-USE.asc'), message)).toBe('code 1234-5678');
  });

  it('when encrypting to the RSA, DSA/ElGamal and Ed25519 fixtures, then a message comes out', async () => {
    for (const name of ['rsa4096.asc', 'dsa-elgamal.asc', 'ed25519.asc', 'sha1.asc']) {
      expect(await encryptTo(fixture(name), 'x')).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    }
  });

  it('when the key cannot encrypt, then encryptTo rejects', async () => {
    await expect(encryptTo(fixture('sign-only.asc'), 'x')).rejects.toThrow();
    await expect(encryptTo(fixture('revoked.asc'), 'x')).rejects.toThrow();
    await expect(encryptTo('garbage', 'x')).rejects.toThrow();
  });
});

describe('armorKeyring and dearmorKey', () => {
  it('when two keys are put in a keyring, then it re-parses as exactly those two keys', async () => {
    const ring = await armorKeyring([fixture('rsa4096.asc'), fixture('ed25519.asc')]);
    expect(ring).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect((await checkKey(ring, { now })).errors).toEqual([{ code: 'multiple_keys' }]);
    const primaries = readPackets(await dearmorKey(ring)).filter((p) => p.tag === 6);
    expect(primaries).toHaveLength(2);
    const file = path.join(os.tmpdir(), `csirt-ring-${process.pid}.asc`);
    fs.writeFileSync(file, ring);
    try {
      const shown = gpgShowKeys(file);
      if (shown) {
        expect(shown.map((k) => k.fingerprint)).toEqual([fingerprintOf('rsa4096.asc'), fingerprintOf('ed25519.asc')]);
      }
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('when a key is dearmored, then the packets are the ones gpg exported in binary', async () => {
    const ours = readPackets(await dearmorKey(fixture('rsa4096.asc')));
    const gpgs = readPackets(fs.readFileSync(fixturePath('rsa4096.gpg')));
    expect(ours.map((p) => p.tag)).toEqual(gpgs.map((p) => p.tag));
    expect(ours.every((p, i) => p.body.equals(gpgs[i].body))).toBe(true);
    expect((await checkKey(await dearmorKey(fixture('rsa4096.asc')), { now })).fingerprint).toBe(
      fingerprintOf('rsa4096.asc'),
    );
  });
});

describe('describePublicKey', () => {
  it('when given a fixture or an expired key, then it describes it without validity rules', async () => {
    const record = await describePublicKey(fixture('flooded.asc'));
    expect(record.fingerprint).toBe(fingerprintOf('flooded.asc'));
    expect(certifications(await dearmorKey(record.armored), record.keyId).thirdParty).toBe(0);
    const expired = await generateKeyPair({
      name: 'Old',
      email: 'old@example.jp',
      created: new Date(now.getTime() - 400 * DAY),
      validDays: 365,
    });
    const old = await describePublicKey(expired.publicKey);
    expect(old.expires!.getTime()).toBeLessThan(now.getTime());
    await expect(describePublicKey('garbage')).rejects.toThrow(/not one public key/);
  });
});
