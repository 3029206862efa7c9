/**
 * The message a row of the outbox becomes on the wire: plain (text and HTML alternatives), PGP/MIME-signed with the
 * association's key when one is configured, or encrypted to the team's key when the row is team mail and the team
 * opted in with a verified key (signed inside when the association has a key).
 */
import type { Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { encryptForRecipient, type SigningKey, signDetached } from '../keys/pgp';
import { bytesToSign, encryptedMessage, signedMessage, splitMessage } from './pgp-mime';
import type { OutboxRow } from './schema';

type SendOptions = Parameters<Transporter['sendMail']>[0];

export interface ComposeDeps {
  from: string;
  messageId: string;
  date: Date;
  signer: () => Promise<SigningKey | null>;
  encryptionKey: (teamId: string) => Promise<string | null>;
}

function envelopeSender(from: string): string {
  const [first] = addressparser(from, { flatten: true });
  return first && 'address' in first && first.address ? first.address : from;
}

export async function composeMessage(row: OutboxRow, deps: ComposeDeps): Promise<SendOptions> {
  const plain: SendOptions = {
    from: deps.from,
    to: row.toAddresses,
    cc: row.ccAddresses.length ? row.ccAddresses : undefined,
    subject: row.subject,
    text: row.textBody,
    html: row.htmlBody,
    messageId: deps.messageId,
    date: deps.date,
  };
  const [signer, recipientKey] = await Promise.all([
    deps.signer(),
    row.encryptForTeamId ? deps.encryptionKey(row.encryptForTeamId) : Promise.resolve(null),
  ]);
  if (!signer && !recipientKey) return plain;

  const composed = await new MailComposer(plain).compile().build();
  const split = splitMessage(composed);
  const raw = recipientKey
    ? encryptedMessage(split, await encryptForRecipient(new Uint8Array(split.content), recipientKey, signer))
    : signedMessage(split, await signDetached(signer as SigningKey, bytesToSign(split)));
  return {
    envelope: { from: envelopeSender(deps.from), to: [...row.toAddresses, ...row.ccAddresses] },
    raw,
  };
}
