import type { SessionUser } from './session-user';

declare global {
  namespace Express {
    // Passport's req.user is the application's signed-in user.
    interface User extends SessionUser {}
    interface Request {
      /** A valid API token sent with the request (authentication.ts); honoured by token routes only. */
      bearer?: { user: SessionUser; scopes: string[] };
    }
  }
}
