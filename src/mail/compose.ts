/**
 * The messages a row of the outbox becomes on the wire: plain (text and HTML alternatives), PGP/MIME-signed with the
 * association's key when one is configured, or encrypted to the team's key when the row is team mail and the team
 * opted in with a verified key (signed inside when the association has a key).
 *
 * Every message says it was sent by a program (RFC 3834 `Auto-Submitted: auto-generated`), so vacation responders
 * and ticket systems do not answer it.
 *
 * Encrypted mail goes to the team address (To) only. Its Cc recipients (a team's editors, at escalation the
 * secretariat and sponsors) have no key of theirs in the registry to encrypt to, and sending them the message in
 * clear would undo the team's choice; sending them the encrypted one would give them mail they cannot read. So they
 * get a separate short notice that names the subject and the team address and carries nothing of the body (no link,
 * no code). The row is delivered once both have gone; a retry after a failure between the two may repeat the first,
 * recognisable by its stable Message-ID.
 */
import type { Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { translator } from '../i18n';
import { encryptForRecipient, type SigningKey, signDetached } from '../pgp';
import { bytesToSign, encryptedMessage, signedMessage, splitMessage } from './pgp-mime';
import type { OutboxRow } from './schema';

type SendOptions = Parameters<Transporter['sendMail']>[0];

interface ComposeDeps {
  from: string;
  messageId: string;
  date: Date;
  signer: () => Promise<SigningKey | null>;
  encryptionKey: (teamId: string, opts: { required: boolean }) => Promise<string | null>;
}

/** Raised at delivery for a message that must be encrypted when its team has no proven key: it is never sent. */
export class EncryptionUnavailable extends Error {
  constructor() {
    super('no proven key of the team to encrypt to: a message that must be encrypted is not sent in clear');
  }
}

const AUTO_SUBMITTED = { 'Auto-Submitted': 'auto-generated' };

function envelopeSender(from: string): string {
  const [first] = addressparser(from, { flatten: true });
  return first && 'address' in first && first.address ? first.address : from;
}

/** The bilingual notice Cc recipients of an encrypted message get instead of it. */
function ccNotice(row: OutboxRow, deps: ComposeDeps): SendOptions {
  const params = { to: row.toAddresses.join(', '), subject: row.subject };
  const [ja, en] = [translator('ja'), translator('en')];
  const text = `${ja('mail.encryptedCopy.body', params)}\n\n----\n\n${en('mail.encryptedCopy.body', params)}\n`;
  return {
    from: deps.from,
    to: row.ccAddresses,
    subject: row.subject,
    text,
    // A second message of the same row: its own Message-ID, stable like the first.
    messageId: deps.messageId.replace(/@/, '.cc@'),
    date: deps.date,
    headers: AUTO_SUBMITTED,
  };
}

/** One message as it goes out: plain, or (with a signer or a recipient key) as raw PGP/MIME with its envelope. */
async function protect(
  message: SendOptions,
  recipients: string[],
  signer: SigningKey | null,
  recipientKey: string | null,
  from: string,
): Promise<SendOptions> {
  if (!signer && !recipientKey) return message;
  const split = splitMessage(await new MailComposer(message).compile().build());
  const raw = recipientKey
    ? encryptedMessage(split, await encryptForRecipient(new Uint8Array(split.content), recipientKey, signer))
    : signedMessage(split, await signDetached(signer as SigningKey, bytesToSign(split)));
  return { envelope: { from: envelopeSender(from), to: recipients }, raw };
}

export async function composeMessage(row: OutboxRow, deps: ComposeDeps): Promise<SendOptions[]> {
  const [signer, recipientKey] = await Promise.all([
    deps.signer(),
    row.encryptForTeamId
      ? deps.encryptionKey(row.encryptForTeamId, { required: row.encryptionRequired })
      : Promise.resolve(null),
  ]);
  if (row.encryptionRequired && !recipientKey) throw new EncryptionUnavailable();
  const cc = row.ccAddresses;
  const message: SendOptions = {
    from: deps.from,
    to: row.toAddresses,
    cc: cc.length && !recipientKey ? cc : undefined,
    subject: row.subject,
    text: row.textBody,
    html: row.htmlBody,
    messageId: deps.messageId,
    date: deps.date,
    headers: AUTO_SUBMITTED,
  };
  if (!recipientKey) return [await protect(message, [...row.toAddresses, ...cc], signer, null, deps.from)];
  const encrypted = await protect(message, row.toAddresses, signer, recipientKey, deps.from);
  if (cc.length === 0) return [encrypted];
  return [encrypted, await protect(ccNotice(row, deps), cc, signer, null, deps.from)];
}
