import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import request from 'supertest';
import { teamKeys } from '../../src/keys/schema';
import { setMailEncryption } from '../../src/keys/service';
import { decryptBytes, generateKeyPair, readSigningKey, verifyDetached } from '../../src/pgp';
import { runReminders } from '../../src/reminders/run';
import { createTeam, createTeamKey } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { dearmor, hasGpg, signatures } from '../helpers/gpg';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/** The parts of a multipart message, byte for byte (CRLF kept), and its top-level content type. */
function mimeParts(raw: Buffer): { contentType: string; parts: string[] } {
  const text = raw.toString('latin1');
  const head = text.slice(0, text.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const contentType = /^content-type:\s*(.+)$/im.exec(head)![1];
  const boundary = /boundary="([^"]+)"/.exec(contentType)![1];
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  const chunks = body.split(`--${boundary}`);
  // chunks[0] is the preamble, the last one the closing "--"; each part sits between "\r\n" and "\r\n".
  const parts = chunks.slice(1, -1).map((c) => c.slice(2, -2));
  return { contentType, parts };
}

function partBody(part: string): string {
  return part.slice(part.indexOf('\r\n\r\n') + 4);
}

describe('PGP/MIME mail', () => {
  let sink: SmtpSink;
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let association: { publicKey: string; privateKey: string };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assoc-key-'));

  beforeAll(async () => {
    sink = await startSmtpSink();
    association = await generateKeyPair({
      name: 'Test Association',
      email: 'registry@registry.test',
      created: new Date(TEST_NOW),
    });
    fs.writeFileSync(path.join(dir, 'association.asc'), association.privateKey);
    t = await createTestApp({ env: { SMTP_URL: sink.url, ASSOCIATION_KEY_FILE: path.join(dir, 'association.asc') } });
  });
  afterAll(async () => {
    await sink.close();
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sink.messages.length = 0;
  });

  test('when the association has a key, then mail goes out multipart/signed, labelled with the hash actually used, and the signature verifies over the content', async () => {
    const id = await t.ctx.db.transaction((tx) =>
      t.ctx.mailer.passwordReset(tx, {
        to: 'signed@test.example',
        link: 'http://registry.test/password/reset/x',
        expiresAt: new Date(),
      }),
    );
    await t.ctx.mailer.deliver([id]);
    const [mail] = await sink.waitFor(1);
    const { contentType, parts } = mimeParts(mail.raw);
    expect(contentType).toMatch(/^multipart\/signed; micalg=pgp-sha\d+; protocol="application\/pgp-signature"/);
    const signature = partBody(parts[1]);
    // The label names the hash the signature packet says it was made with (RFC 3156 §5).
    const [made] = signatures(dearmor(signature));
    const micalg = /micalg=(pgp-[\w-]+)/.exec(contentType)![1];
    expect(micalg).toBe({ 8: 'pgp-sha256', 9: 'pgp-sha384', 10: 'pgp-sha512', 11: 'pgp-sha224' }[made.hashAlgorithm]);
    expect(signature).toContain('-----BEGIN PGP SIGNATURE-----');
    expect(await verifyDetached(Buffer.from(parts[0], 'latin1'), signature, association.publicKey)).toBe(true);
    expect(await verifyDetached(Buffer.from(`${parts[0]} `, 'latin1'), signature, association.publicKey)).toBe(false);
    // Readers without OpenPGP still read it: the signed content is the ordinary text and HTML.
    expect(mail.text).toContain('パスワード');
    expect(mail.subject).toContain('パスワード');
    expect(mail.to).toEqual(['signed@test.example']);

    if (hasGpg()) {
      // And gpg, as a member's mail client would use it, agrees.
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gpg-verify-'));
      try {
        fs.writeFileSync(path.join(home, 'data'), Buffer.from(parts[0], 'latin1'));
        fs.writeFileSync(path.join(home, 'data.sig'), signature);
        fs.writeFileSync(path.join(home, 'key.asc'), association.publicKey);
        execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--import', path.join(home, 'key.asc')], {
          stdio: 'pipe',
        });
        const out = execFileSync(
          'gpg',
          [
            '--homedir',
            home,
            '--batch',
            '--status-fd',
            '1',
            '--verify',
            path.join(home, 'data.sig'),
            path.join(home, 'data'),
          ],
          { stdio: 'pipe' },
        ).toString();
        expect(out).toContain('[GNUPG:] GOODSIG');
        // gpg's own reading of the hash (VALIDSIG field 8, RFC 4880 ids) agrees with the label.
        const gpgHash = Number(/\[GNUPG:\] VALIDSIG (?:\S+ ){7}(\d+)/.exec(out)![1]);
        expect(gpgHash).toBe(made.hashAlgorithm);
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    }
    const published = await request(t.app).get('/association.asc').expect(200);
    expect(published.headers['content-type']).toContain('application/pgp-keys');
    expect(published.text).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    expect(published.text).not.toContain('PRIVATE');
  });

  test('when a team opted in and its key is verified, then its reminder is encrypted to that key and signed inside; otherwise only signed', async () => {
    const pair = await generateKeyPair({ name: 'Enc CSIRT', email: 'enc@enc.example.jp', created: new Date(TEST_NOW) });
    const team = await createTeam(
      t.ctx,
      { shortName: 'ENC-CSIRT', email: 'enc@enc.example.jp' },
      { confirmedDaysAgo: 360, withKey: false },
    );
    await createTeamKey(t.ctx, team.id, pair.publicKey, { now: new Date(TEST_NOW), verified: true });
    await setMailEncryption(t.ctx.db, team.id, true);
    const unverified = await createTeam(
      t.ctx,
      { shortName: 'PLAIN-CSIRT', email: 'plain@plain.example.jp' },
      { confirmedDaysAgo: 360 },
    );
    await setMailEncryption(t.ctx.db, unverified.id, true); // opted in, but its key's possession is not proven

    await runReminders(t.ctx, { now: new Date(TEST_NOW) });
    await t.ctx.mailer.flush();
    const encrypted = sink.messages.find((m) => m.to.includes('enc@enc.example.jp'))!;
    const { contentType, parts } = mimeParts(encrypted.raw);
    expect(contentType).toMatch(/^multipart\/encrypted; protocol="application\/pgp-encrypted"/);
    expect(partBody(parts[0]).trim()).toBe('Version: 1');
    expect(encrypted.raw.toString('latin1')).not.toContain('年次確認');
    const { data, signed } = await decryptBytes(pair.privateKey, partBody(parts[1]), association.publicKey);
    expect(signed).toBe(true);
    const inner = await simpleParser(Buffer.from(data));
    expect(inner.text).toContain('ENC-CSIRT の登録内容');
    expect(inner.text).toMatch(/http:\/\/registry\.test\/confirm\/[\w-]+/);

    const plain = sink.messages.find((m) => m.to.includes('plain@plain.example.jp'))!;
    expect(mimeParts(plain.raw).contentType).toMatch(/^multipart\/signed/);
    expect(plain.text).toContain('PLAIN-CSIRT の登録内容');
    const [row] = await t.ctx.db.select().from(teamKeys).where(eq(teamKeys.teamId, team.id));
    expect(row.verifiedAt).not.toBeNull();
  });

  test('when the association key is protected, then it opens with its passphrase only, and the errors name no secret', async () => {
    const locked = await generateKeyPair({
      name: 'Locked',
      email: 'locked@registry.test',
      created: new Date(TEST_NOW),
      passphrase: 'correct horse',
    });
    await expect(readSigningKey(locked.privateKey)).rejects.toThrow(
      'the association key is protected: set ASSOCIATION_KEY_PASSPHRASE',
    );
    await expect(readSigningKey(locked.privateKey, 'wrong horse')).rejects.toThrow(
      'could not be unlocked with ASSOCIATION_KEY_PASSPHRASE',
    );
    expect((await readSigningKey(locked.privateKey, 'correct horse')).fingerprint).toMatch(/^[0-9A-F]{40}$/);
    await expect(
      readSigningKey('-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nnonsense\n-----END PGP PRIVATE KEY BLOCK-----\n'),
    ).rejects.toThrow('the association key file does not hold an armored OpenPGP private key');
  });
});
