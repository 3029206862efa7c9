import type { jaSecurity } from './ja-security';

/** English messages of the protections: the same keys as ja-security.ts. */
export const enSecurity: Record<keyof typeof jaSecurity, string> = {
  'input.error.control':
    '“{field}” contains a control character (such as NUL) or a character that reorders text, which is not allowed. Please remove it and send again.',
  'input.error.malformed': '“{field}” is not valid Unicode text (it contains a broken character).',
  'input.error.key': 'A field named “{field}” is not accepted.',
  'input.error.depth': '“{field}” is not in a valid form (nested too deeply).',
  'admin.mail.sealedLink': '[single-use link: delivered to the recipient only, not kept here]',
  'devMail.title': 'Development mailbox',
  'devMail.lead':
    'Shown in development only: the mail the app has written (kept, not sent, as no SMTP server is set), with working links. Production has no such page.',
  'nav.devMail': 'Mailbox (development)',
  'error.tokenNotAccepted':
    'API tokens are read-only and work only for reading the API, feeds, keys and exports (GET). Please log in for this.',
  'error.malformedBody': 'The data sent is malformed (its form boundaries or part headers are not valid).',
};
