import type { Logger } from '../log';
import type { AppLocals } from './locals';

declare global {
  namespace Express {
    // res.locals as the app sets them (locals.ts).
    interface Locals extends AppLocals {}
    // Set by the request logger (request-log.ts).
    interface Request {
      id?: string;
      log?: Logger;
    }
  }
}
