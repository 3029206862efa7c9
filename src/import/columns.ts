/**
 * Which column of a spreadsheet holds which part of the entry. Headers are matched in Japanese or English as
 * associations write them (チーム名 / 正式名称 / 組織名 / 設立年月日 / メールアドレス / Webサイト / 電話番号 / チーム紹介 / PGP …),
 * after folding width, case, spaces and punctuation; the secretariat corrects the guess on the preview page.
 */
import { fieldLabel } from '../entry/field-labels';
import { INDUSTRIES, type Industry, REGIONS, type Region } from '../entry/vocabulary';
import type { MessageKey, Params } from '../i18n';
import { narrow } from './normalize';

/** What a column can be imported as: an input of the entry form, the membership date, or the team's key. */
export const IMPORT_TARGETS = [
  'shortName',
  'officialNameJa',
  'officialNameEn',
  'organizationJa',
  'organizationEn',
  'foundedOn',
  'memberSince',
  'region',
  'industry',
  'email',
  'website',
  'phone',
  'emergencyPhone',
  'introOverviewJa',
  'introOverviewEn',
  'constituencyDescriptionJa',
  'constituencyDescriptionEn',
  'timeZone',
  'pgp',
] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

/** Values given to every row that has none of its own (a listing without regions or industries). */
export interface ImportDefaults {
  region?: Region;
  industry?: Industry;
}

/** The defaults as posted (`defaultRegion`, `defaultIndustry`): a value outside the lists is dropped. */
export function defaultsFrom(body: Record<string, unknown>): ImportDefaults {
  const region = REGIONS.find((r) => r === body.defaultRegion);
  const industry = INDUSTRIES.find((i) => i === body.defaultIndustry);
  return { ...(region ? { region } : {}), ...(industry ? { industry } : {}) };
}

/** One target per column, or null for a column left out. */
export type ColumnMapping = (ImportTarget | null)[];

/** How a header is compared: width folded, lower case, without spaces and punctuation. */
export const headerKey = (h: string): string =>
  narrow(h)
    .toLowerCase()
    .replace(/[\s_\-・/()（）「」[\]:：.、,]/g, '');

const SYNONYMS: Record<ImportTarget, string[]> = {
  shortName: ['チーム名', 'チーム名称', 'チーム略称', '略称', 'シーサート名', 'shortname', 'team', 'teamname', 'name'],
  officialNameJa: ['正式名称', '正式名', 'チーム正式名称', '正式名称日本語', 'officialnameja'],
  officialNameEn: ['正式名称英語', '英語名称', '英文名称', 'officialname', 'officialnameen', 'englishname'],
  organizationJa: ['組織名', '所属組織', '組織', '会社名', '法人名', '団体名', 'organizationja'],
  organizationEn: ['組織名英語', '英文組織名', 'organization', 'organisation', 'hostorganisation', 'hostorganization'],
  foundedOn: ['設立年月日', '設立日', '設立', '発足日', 'established', 'founded', 'foundedon'],
  memberSince: ['加盟日', '加盟年月日', '入会日', '加盟', 'membersince', 'joined', 'memberdate'],
  region: ['地区', '地域', 'region'],
  industry: ['業種', '業界', 'industry', 'sector'],
  email: [
    'メールアドレス',
    'メール',
    '連絡先メールアドレス',
    '窓口メールアドレス',
    'email',
    'emailaddress',
    'mail',
    'emails',
  ],
  website: ['webサイト', 'ウェブサイト', 'ホームページ', 'url', 'website', 'web', 'homepage'],
  phone: ['電話番号', '電話', '代表電話', '連絡先電話番号', 'phone', 'tel', 'telephone', 'phones'],
  emergencyPhone: ['緊急連絡先', '緊急電話番号', '緊急電話', '24時間連絡先', 'emergencyphone', 'emergency'],
  introOverviewJa: ['チーム紹介', '紹介', '概要', 'チーム概要', 'introductionja'],
  introOverviewEn: ['チーム紹介英語', 'introduction', 'overview', 'description', 'introductionen'],
  constituencyDescriptionJa: ['対象範囲', 'コンスティチュエンシー', 'constituencyja'],
  constituencyDescriptionEn: ['constituency', 'constituencydescription', 'constituencyen'],
  timeZone: ['タイムゾーン', 'timezone', 'businesshourstimezone'],
  pgp: [
    'pgp',
    'pgp鍵',
    'pgpキー',
    '公開鍵',
    'pgp公開鍵',
    'pgpkey',
    'pgpkeys',
    'fingerprint',
    'フィンガープリント',
    '鍵指紋',
  ],
};

const BY_HEADER = new Map<string, ImportTarget>(
  (Object.entries(SYNONYMS) as [ImportTarget, string[]][]).flatMap(([target, names]) =>
    names.map((n) => [headerKey(n), target] as [string, ImportTarget]),
  ),
);

/** The guessed mapping: each header's target, a target taken by the first column that claims it. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const taken = new Set<ImportTarget>();
  return headers.map((h) => {
    const target = BY_HEADER.get(headerKey(h)) ?? null;
    if (!target || taken.has(target)) return null;
    taken.add(target);
    return target;
  });
}

/** A mapping as posted by the preview form (`col0`…): unknown values and a target chosen twice are refused. */
export function mappingFrom(body: Record<string, unknown>, columns: number): ColumnMapping | null {
  const mapping: ColumnMapping = [];
  const seen = new Set<string>();
  for (let i = 0; i < columns; i += 1) {
    const v = body[`col${i}`];
    if (v === undefined || v === '') {
      mapping.push(null);
      continue;
    }
    if (typeof v !== 'string' || !(IMPORT_TARGETS as readonly string[]).includes(v) || seen.has(v)) return null;
    seen.add(v);
    mapping.push(v as ImportTarget);
  }
  return mapping;
}

/**
 * The label of each target on the mapping form: an entry input's own label (fieldLabel, as the history shows it),
 * and for the two that are not inputs, their own.
 */
export function targetLabel(target: ImportTarget): { key: MessageKey; params?: Params } {
  if (target === 'pgp') return { key: 'import.target.pgp' };
  if (target === 'memberSince') return { key: 'team.memberSince' };
  return fieldLabel(target);
}
