/**
 * Synthetic teams for load and benchmarks (`npm run cli -- seed --teams N`): plausible bilingual names spread over
 * every region and industry, varied confirmation dates, and optionally a real Ed25519 key each (~3 ms per key) —
 * marked as proven (possession verified) on request, so the teams can be drilled.
 * Deterministic for a given start index, and safe to run repeatedly (short names never collide).
 */
import { addDays } from '../src/clock';
import type { AppContext } from '../src/context';
import { type EntryDraft, toTeamRow } from '../src/entry/entry';
import { analyzeDirectory, countTeams, insertTeams } from '../src/entry/queries';
import { INDUSTRIES, REGIONS, SERVICE_AREAS } from '../src/entry/vocabulary';
import { insertTeamKeys } from '../src/keys/queries';
import { keyRowFrom } from '../src/keys/service';
import { describePublicKey, generateKeyPair } from '../src/pgp';
import { insertClaimRows, syntheticClaims } from './demo-constituency';

const NAMES: [string, string][] = [
  ['あおば', 'Aoba'],
  ['あかね', 'Akane'],
  ['あさひ', 'Asahi'],
  ['いずみ', 'Izumi'],
  ['うみかぜ', 'Umikaze'],
  ['かえで', 'Kaede'],
  ['かすみ', 'Kasumi'],
  ['きらら', 'Kirara'],
  ['くすのき', 'Kusunoki'],
  ['こだま', 'Kodama'],
  ['さざなみ', 'Sazanami'],
  ['しらかば', 'Shirakaba'],
  ['すばる', 'Subaru'],
  ['せせらぎ', 'Seseragi'],
  ['そよかぜ', 'Soyokaze'],
  ['たちばな', 'Tachibana'],
  ['つばさ', 'Tsubasa'],
  ['ときわ', 'Tokiwa'],
  ['なぎさ', 'Nagisa'],
  ['にじいろ', 'Nijiiro'],
  ['のぞみ', 'Nozomi'],
  ['はやぶさ', 'Hayabusa'],
  ['ひばり', 'Hibari'],
  ['ふたば', 'Futaba'],
  ['ほたる', 'Hotaru'],
  ['まほろば', 'Mahoroba'],
  ['みずほ', 'Mizuho'],
  ['みどり', 'Midori'],
  ['むさし', 'Musashi'],
  ['めぐみ', 'Megumi'],
  ['もみじ', 'Momiji'],
  ['やまびこ', 'Yamabiko'],
  ['ゆうなぎ', 'Yunagi'],
  ['よつば', 'Yotsuba'],
  ['らいちょう', 'Raicho'],
  ['りんどう', 'Rindo'],
  ['るり', 'Ruri'],
  ['れんげ', 'Renge'],
  ['わかば', 'Wakaba'],
  ['わたつみ', 'Watatsumi'],
];

const BUSINESSES: [string, string, string][] = [
  ['電機', 'Denki', 'Electric'],
  ['精工', 'Seiko', 'Precision'],
  ['化学', 'Kagaku', 'Chemical'],
  ['製薬', 'Seiyaku', 'Pharmaceutical'],
  ['銀行', 'Bank', 'Bank'],
  ['証券', 'Shoken', 'Securities'],
  ['生命', 'Seimei', 'Life Insurance'],
  ['通信', 'Tsushin', 'Telecom'],
  ['電力', 'Denryoku', 'Electric Power'],
  ['ガス', 'Gas', 'Gas'],
  ['鉄道', 'Tetsudo', 'Railway'],
  ['海運', 'Kaiun', 'Shipping'],
  ['物流', 'Butsuryu', 'Logistics'],
  ['商事', 'Shoji', 'Trading'],
  ['百貨店', 'Dept', 'Department Store'],
  ['建設', 'Kensetsu', 'Construction'],
  ['不動産', 'Fudosan', 'Real Estate'],
  ['病院', 'Hospital', 'Hospital'],
  ['大学', 'Univ', 'University'],
  ['システムズ', 'Systems', 'Systems'],
  ['ソフト', 'Soft', 'Software'],
  ['データ', 'Data', 'Data'],
  ['ネット', 'Net', 'Networks'],
  ['放送', 'Hoso', 'Broadcasting'],
  ['ゲームス', 'Games', 'Games'],
  ['食品', 'Shokuhin', 'Foods'],
  ['自動車', 'Motors', 'Motors'],
  ['重工', 'Juko', 'Heavy Industries'],
  ['製作所', 'Works', 'Works'],
  ['ホールディングス', 'HD', 'Holdings'],
];

const SUFFIXES = ['CSIRT', 'SIRT', 'CERT', 'PSIRT', 'IRT'];

/** mulberry32: a tiny deterministic PRNG, so a given index always yields the same team. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticTeam(index: number): EntryDraft & { confirmedDaysAgo: number } {
  const random = rng(index + 1);
  const [nameJa, nameEn] = NAMES[index % NAMES.length];
  const [bizJa, bizShort, bizEn] = BUSINESSES[Math.floor(index / NAMES.length) % BUSINESSES.length];
  const generation = Math.floor(index / (NAMES.length * BUSINESSES.length));
  const suffix = SUFFIXES[index % SUFFIXES.length];
  const gen = generation > 0 ? `-${generation + 1}` : '';
  const shortName = `${nameEn}-${bizShort}${gen}-${suffix}`.toUpperCase();
  const domain = `${nameEn}-${bizShort}${gen}`.toLowerCase();
  const orgJa = `${nameJa}${bizJa}${generation > 0 ? `第${generation + 1}` : ''}株式会社`;
  const orgEn = `${nameEn} ${bizEn}${generation > 0 ? ` ${generation + 1}` : ''} Co., Ltd.`;
  const founded = 2000 + Math.floor(random() * 24);
  const joined = Math.min(2026, founded + Math.floor(random() * 6));
  // Confirmation ages spread over current, due, overdue and stale.
  const confirmedDaysAgo = Math.floor(random() * 460);
  return {
    shortName,
    officialName: { ja: `${nameJa}${bizJa} ${suffix}`, en: `${nameEn} ${bizEn} ${suffix}` },
    organization: { ja: orgJa, en: orgEn },
    foundedOn: `${founded}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
    memberSince: `${joined}-0${1 + Math.floor(random() * 9)}-2${Math.floor(random() * 8)}`,
    region: REGIONS[Math.floor(random() * REGIONS.length)],
    industry: INDUSTRIES[Math.floor(random() * INDUSTRIES.length)],
    email: `csirt@${domain}.example.jp`,
    website: `https://www.${domain}.example.jp/security/`,
    phone: `0${3 + (index % 6)}-5555-${String(1000 + (index % 9000)).padStart(4, '0')}`,
    emergencyPhone: random() < 0.5 ? `050-5555-${String(index % 10000).padStart(4, '0')}` : null,
    businessHours: { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' },
    languages: random() < 0.6 ? ['ja', 'en'] : ['ja'],
    introduction: {
      overview: {
        ja: `${orgJa}の情報セキュリティインシデントに対応するシーサートです。`,
        en: `The CSIRT responding to information security incidents at ${orgEn}.`,
      },
      background: {
        ja: `${founded}年、グループ全体のセキュリティ対応を一元化するために設立されました。`,
        en: `Established in ${founded} to bring the group's security response under one roof.`,
      },
      activities: {
        ja: '情報システム部門と連携し、インシデント対応、脆弱性情報の収集と展開、社内教育を行っています。',
        en: 'Works with the IT department on incident response, vulnerability information and staff training.',
      },
    },
    constituencyTypes: random() < 0.3 ? ['own_organization', 'group_companies'] : ['own_organization'],
    constituencyDescription: { ja: `${orgJa}およびその従業員`, en: `${orgEn} and its employees` },
    services: SERVICE_AREAS.filter(() => random() < 0.6),
    confirmedDaysAgo,
  };
}

const BATCH = 500;

export async function seedSyntheticTeams(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'>,
  count: number,
  opts: { withKeys: boolean; keysVerified?: boolean; claimsPerTeam?: number },
): Promise<number> {
  const per = Math.max(1, opts.claimsPerTeam ?? 2);
  const now = ctx.clock.now();
  let next = await countTeams(ctx.db);
  let added = 0;
  while (added < count) {
    const size = Math.min(BATCH, count - added);
    const entries = Array.from({ length: size }, (_, i) => syntheticTeam(next + i));
    next += size;
    const rows = entries.map((e) =>
      toTeamRow(e, { at: addDays(now, -e.confirmedDaysAgo), by: e.email }, ctx.config.freshness),
    );
    const keys = opts.withKeys
      ? await Promise.all(
          entries.map(async (e) =>
            describePublicKey(
              (
                await generateKeyPair({
                  name: e.officialName.en,
                  email: e.email,
                  created: addDays(now, -e.confirmedDaysAgo),
                })
              ).publicKey,
            ),
          ),
        )
      : [];
    const first = next - size;
    await ctx.db.transaction(async (tx) => {
      const ids = await insertTeams(tx, rows);
      added += ids.size;
      await insertClaimRows(
        tx,
        rows.flatMap((row, i) => {
          const teamId = ids.get(row.slug as string);
          const domain = entries[i]?.email.split('@')[1] ?? '';
          return teamId ? syntheticClaims(teamId, first + i, domain, per, now) : [];
        }),
      );
      if (opts.withKeys) {
        const keyRows = rows.flatMap((row, i) => {
          const teamId = ids.get(row.slug as string);
          return teamId
            ? [keyRowFrom(keys[i], teamId, { role: 'current', now, verifiedAt: opts.keysVerified ? now : null })]
            : [];
        });
        await insertTeamKeys(tx, keyRows);
      }
    });
  }
  await analyzeDirectory(ctx.db);
  return added;
}
