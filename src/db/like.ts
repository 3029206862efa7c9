/** Escapes LIKE/ILIKE wildcards so that a user's "%" or "_" matches literally (backslash is the default escape). */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
