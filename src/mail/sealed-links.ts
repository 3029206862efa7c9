/**
 * Single-use links in queued mail are sealed: the stored subject and bodies carry a placeholder, and the links
 * themselves are kept encrypted (AES-256-GCM, with a key derived from SESSION_SECRET, which is never in the
 * database) until the message is sent — then they are erased. So neither the secretariat's mail pages nor a
 * database dump (`export-all`, a backup) holds a link anyone could use: a reader of the database finds
 * `[[sealed-link:1]]`, and after delivery not even the ciphertext.
 *
 * Which links are secret is decided by the path (http/secret-paths.ts), the same list the request log redacts:
 * a new mail with a token link is sealed without anyone remembering to.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { isSecretPath } from '../http/secret-paths';

const PLACEHOLDER = /\[\[sealed-link:(\d+)\]\]/g;
const placeholder = (n: number) => `[[sealed-link:${n}]]`;

export interface MailText {
  subject: string;
  text: string;
  html: string;
}

/** The sealing key: HKDF of the session secret, for this one purpose. */
export function linkSealingKey(sessionSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionSecret, 'csirt-registry', 'outbox sealed links v1', 32));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces the secret links of `siteUrl` in a rendered message by placeholders; answers the links in order. */
export function sealLinks(
  message: MailText,
  siteUrl: string,
  key: Buffer,
): { message: MailText; sealed: string | null } {
  const links: string[] = [];
  const candidates = new RegExp(`${escapeRegExp(siteUrl)}(/[^\\s"'<>]*)`, 'g');
  for (const match of message.text.matchAll(candidates)) {
    if (isSecretPath(match[1]) && !links.includes(match[0])) links.push(match[0]);
  }
  for (const match of message.html.matchAll(candidates)) {
    if (isSecretPath(match[1]) && !links.includes(match[0])) links.push(match[0]);
  }
  if (links.length === 0) return { message, sealed: null };
  // Longest first: a link that is a prefix of another must not eat part of it.
  const order = links.map((link, i) => ({ link, i })).sort((a, b) => b.link.length - a.link.length);
  const replace = (text: string) => order.reduce((out, { link, i }) => out.split(link).join(placeholder(i + 1)), text);
  const sealedMessage = { subject: replace(message.subject), text: replace(message.text), html: replace(message.html) };
  return { message: sealedMessage, sealed: encrypt(JSON.stringify(links), key) };
}

/** The message as it goes out: each placeholder replaced by its link (HTML-escaped in the HTML body). */
export function openLinks(message: MailText, sealed: string | null, key: Buffer): MailText {
  if (!sealed) return message;
  const links = JSON.parse(decrypt(sealed, key)) as string[];
  const fill = (text: string, encode: (s: string) => string) =>
    text.replace(PLACEHOLDER, (whole, n: string) => {
      const link = links[Number(n) - 1];
      return link === undefined ? whole : encode(link);
    });
  return {
    subject: fill(message.subject, (s) => s),
    text: fill(message.text, (s) => s),
    html: fill(message.html, escapeHtml),
  };
}

/** The stored text with each placeholder shown as `label` (the secretariat's view of a message). */
export function withoutLinks(text: string, label: string): string {
  return text.replace(PLACEHOLDER, label);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function encrypt(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
    '.',
  );
}

function decrypt(sealed: string, key: Buffer): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('sealed links: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('sealed links could not be opened: SESSION_SECRET differs from the one the mail was queued with');
  }
}
