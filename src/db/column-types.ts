import { customType } from 'drizzle-orm/pg-core';

/** Case-insensitive text (the citext extension): short names and addresses compare without regard to case. */
export const citext = customType<{ data: string }>({ dataType: () => 'citext' });

/** A CHECK constraint's list of allowed values, from the constant that defines them (values are code constants). */
export function sqlValueList(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
}
