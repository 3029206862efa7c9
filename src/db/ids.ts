/**
 * Whether a string is a row id (a UUID) — checked before it reaches a query, where PostgreSQL would refuse a
 * malformed one with an error instead of "no such row".
 */
export const isUuid = (v: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
