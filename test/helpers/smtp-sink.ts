/**
 * A real SMTP server on 127.0.0.1 for tests: the application's mailer delivers to it over SMTP, and the test reads
 * the parsed messages (to, subject, text).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Who the SMTP envelope delivered it to (RCPT TO): what each recipient really received. */
  envelopeTo: string[];
  /** The message as it arrived (for PGP/MIME checks). */
  raw: Buffer;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: SunkMail[];
  /** Waits until at least `count` messages have arrived. */
  waitFor(count: number): Promise<SunkMail[]>;
  close(): Promise<void>;
}

/** `port` restarts a sink where a stopped one listened (an SMTP outage and its end). */
export async function startSmtpSink(opts: { port?: number; messages?: SunkMail[] } = {}): Promise<SmtpSink> {
  const messages: SunkMail[] = opts.messages ?? [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            const addresses = (field: typeof mail.to) =>
              (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
            messages.push({
              to: addresses(mail.to),
              cc: addresses(mail.cc),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: String(mail.html ?? ''),
              messageId: mail.messageId ?? '',
              envelopeTo,
              raw,
            });
            for (const w of waiters.splice(0)) w();
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    async waitFor(count) {
      while (messages.length < count) await new Promise<void>((r) => waiters.push(r));
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
