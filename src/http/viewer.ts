import type { Request } from 'express';
import { ANONYMOUS, type Viewer } from '../directory/visibility';

/** Who is asking. Until accounts exist every caller is anonymous; authentication sets req.viewer. */
export function viewerOf(req: Request): Viewer {
  return (req as Request & { viewer?: Viewer }).viewer ?? ANONYMOUS;
}
