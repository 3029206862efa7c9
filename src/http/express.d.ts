import type { SessionUser } from '../accounts/session-user';
import type { Logger } from '../log';
import type { AppLocals } from './locals';

declare global {
  namespace Express {
    // res.locals as the app sets them (locals.ts).
    interface Locals extends AppLocals {}
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
