/**
 * What free-text search looks at, and who may find a team by it. Each group of columns belongs to a visibility
 * field; the search text of a clearance holds a group only where that clearance may see the field on that row — the
 * rule is visibility.ts's own (visibleSqlText), so search never matches on what the presenter would hide.
 *
 * Both the stored text and the search terms go through the database's search_fold() (migration 0011): NFKC,
 * lower case, hiragana as katakana.
 */
import { type VisibilityField, type VisibilityLevel, visibleSqlText } from './visibility';

/** Column expressions of each searchable group (raw SQL over the teams row; nullable columns coalesced). */
export const SEARCH_GROUPS: readonly { field: VisibilityField; columns: readonly string[] }[] = [
  {
    field: 'identity',
    columns: ['short_name::text', 'official_name_ja', 'official_name_en', 'organization_ja', 'organization_en'],
  },
  {
    field: 'introduction',
    columns: [
      'intro_overview_ja',
      'intro_overview_en',
      'intro_background_ja',
      'intro_background_en',
      'intro_activities_ja',
      'intro_activities_en',
    ],
  },
  { field: 'constituency', columns: ['constituency_description_ja', 'constituency_description_en'] },
  // An address or a domain typed into the search box finds its team (where the caller may see the address).
  { field: 'email', columns: ['email::text'] },
  { field: 'website', columns: ["coalesce(website, '')"] },
];

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
  return `search_fold(${joined(SEARCH_GROUPS[0].columns)})`;
}

/** The column a caller of this clearance searches. */
export const SEARCH_COLUMN_OF = {
  public: 'searchPublic',
  members: 'searchMembers',
  secretariat: 'searchAll',
} as const satisfies Record<VisibilityLevel, string>;
