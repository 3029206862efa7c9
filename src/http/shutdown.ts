import type http from 'node:http';
import type { Logger } from '../log';

/**
 * Stops a server gracefully: no new connections, idle keep-alive sockets closed at once, requests in flight
 * allowed to finish (up to `timeoutMs`, then cut), and only then `afterClose` (closing the database).
 */
export async function closeGracefully(
  server: http.Server,
  opts: { timeoutMs: number; log: Logger; afterClose: () => Promise<void> },
): Promise<{ forced: boolean }> {
  let forced = false;
  const force = setTimeout(() => {
    forced = true;
    opts.log.warn('in-flight requests did not finish in time; closing their connections');
    server.closeAllConnections();
  }, opts.timeoutMs);
  force.unref();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
  clearTimeout(force);
  await opts.afterClose();
  return { forced };
}
