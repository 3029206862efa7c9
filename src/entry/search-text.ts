/**
 * What free-text search looks at, and who may find a team by it. Each group of columns belongs to a visibility
 * field; the search text of a clearance holds a group only where that clearance may see the field on that row — the
 * rule is visibility.ts's own (visibleSqlText), so search never matches on what the presenter would hide.
 *
 * Both the stored text and the search terms go through the database's search_fold() (migration 0011): NFKC,
 * lower case, hiragana as katakana.
 */
import { FIELD_LIST } from './fields';
import { type VisibilityField, type VisibilityLevel, visibleSqlText } from './visibility';

/**
 * Column expressions of each searchable group, one group per visibility rule, from the fields that declare search
 * text (raw SQL over the teams row; nullable columns coalesced). The identity group comes first: names rank hits.
 */
export const SEARCH_GROUPS: readonly { field: VisibilityField; columns: readonly string[] }[] = (() => {
  const groups = new Map<VisibilityField, string[]>();
  for (const [, field] of FIELD_LIST) {
    if (!field.search) continue;
    const columns = groups.get(field.visibility) ?? [];
    columns.push(...field.search);
    groups.set(field.visibility, columns);
  }
  return [...groups].map(([field, columns]) => ({ field, columns }));
})();

const joined = (columns: readonly string[]) => columns.join(" || ' ' || ");

/** The generated column's expression for one clearance. */
export function searchTextSql(clearance: VisibilityLevel): string {
  const parts = SEARCH_GROUPS.map(({ field, columns }) => {
    const visible = visibleSqlText(field, clearance);
    if (visible === 'true') return joined(columns);
    if (visible === 'false') return "''";
    return `(case when ${visible} then ${joined(columns)} else '' end)`;
  });
  return `search_fold(${parts.join(" || ' ' || ")})`;
}

export function nameTextSql(): string {
  const names = SEARCH_GROUPS.find((g) => g.field === 'identity');
  if (!names) throw new Error('no field of the identity rule is searchable');
  return `search_fold(${joined(names.columns)})`;
}

/** The column a caller of this clearance searches. */
export const SEARCH_COLUMN_OF = {
  public: 'searchPublic',
  members: 'searchMembers',
  secretariat: 'searchAll',
} as const satisfies Record<VisibilityLevel, string>;
