import type { SessionUser } from '../accounts/session-user';
import type { Locale, Translate } from '../i18n';

declare global {
  namespace Express {
    interface Locals {
      locale: Locale;
      t: Translate;
    }
    // Passport's req.user is the application's signed-in user.
    interface User extends SessionUser {}
  }
}
