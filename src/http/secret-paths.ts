/**
 * Paths whose last segment is a single-use secret (an invitation, a password reset, an applicant's page, a
 * confirmation link, a drill's answer link). One list serves the request log, which keeps the path but never the secret, and the mailer,
 * which seals such links before a message is stored (mail/sealed-links.ts).
 *
 * Routing ignores case (`/CONFIRM/…` reaches `/confirm/:token`), so matching here does too.
 */
const SECRET_PATH = /^(\/+(?:invitations|password\/+reset|applications|confirm|drills))\/+[^/?#]+/i;

/** The URL (path and query) with the secret segment replaced, for logs. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, '$1/[redacted]');
}

/** Whether a path carries a single-use secret. */
export function isSecretPath(path: string): boolean {
  return SECRET_PATH.test(path);
}
