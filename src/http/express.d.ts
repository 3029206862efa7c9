import type { SessionUser } from '../accounts/session-user';
import type { Locale, Translate } from '../i18n';
import type { Logger } from '../log';

declare global {
  namespace Express {
    interface Locals {
      locale: Locale;
      t: Translate;
    }
    // Passport's req.user is the application's signed-in user.
    interface User extends SessionUser {}
    // Set by the request logger (request-log.ts).
    interface Request {
      id?: string;
      log?: Logger;
      /** A valid API token sent with the request (accounts/authentication.ts); honoured by token routes only. */
      bearer?: { user: SessionUser; scopes: string[] };
    }
  }
}
