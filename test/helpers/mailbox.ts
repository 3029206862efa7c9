/**
 * Reading captured mail as its recipient would receive it: the stored message has its single-use links sealed
 * (src/mail/sealed-links.ts); the mailer opens them only on the way out, and so does this helper.
 */
import type { AppContext } from '../../src/context';
import { withOpenLinks } from '../../src/mail/mailer';
import type { OutboxRow } from '../../src/mail/schema';
import { linkSealingKey } from '../../src/mail/sealed-links';

export function asDelivered<T extends OutboxRow | undefined>(ctx: Pick<AppContext, 'config'>, row: T): T {
  return (row ? withOpenLinks(row, linkSealingKey(ctx.config.sessionSecret)) : row) as T;
}
