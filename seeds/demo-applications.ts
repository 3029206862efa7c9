/**
 * Demo applications in every open state and a few closed ones, so the secretariat's queue, the applicant's page and
 * the members' sponsorship list show a living workflow that the demo accounts can carry to its end: each is
 * consistent with the rules (a checklist complete from sponsorship on, the objection window where sponsorship
 * opened, the endorsements a decision needs), and one sponsorship's window is over, so a second endorsement from a
 * demo editor lets the secretariat close it and decide. Keys are made at seed time (Ed25519, valid two years).
 * The applicants' secret links are not kept, as in real use; the application waiting for the applicant's answer
 * (needs-info) gets the mail its applicant would have received, so in development its link is in the mailbox.
 * Idempotent: an application whose short name exists already is left alone.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { hashToken } from '../src/accounts/tokens';
import { applicantPageLink } from '../src/admission/notify';
import { CHECKLIST_ITEMS } from '../src/admission/options';
import { applicationMessages, applications, sponsorships } from '../src/admission/schema';
import type { ApplicationState } from '../src/admission/state';
import { addDays } from '../src/clock';
import type { AppContext } from '../src/context';
import { completeEntry, type TeamEntry } from '../src/entry/entry';
import { findTeamBySlug } from '../src/entry/queries';
import { describePublicKey, generateKeyPair } from '../src/pgp';

export interface DemoApplication {
  state: ApplicationState;
  /** Days since the application was created, and since it entered its state. */
  daysAgo: number;
  inStateDays: number;
  entry: Omit<TeamEntry, 'memberSince'>;
  applicant: { name: string; email: string };
  checklist?: readonly string[];
  /**
   * When sponsorship opened: long enough ago that the objection window is over, or a few days ago. Sponsorship and
   * decision were reached through it; its date is when a sponsorship application entered its state.
   */
  sponsorshipOpened?: 'window_over' | 'window_open';
  messages?: { author: 'secretariat' | 'applicant'; body: string; daysAgo: number }[];
  sponsorships?: { team: string; kind: 'endorse' | 'object'; reason: string }[];
  decisionReason?: string;
}

const intro = (ja: string, en: string) => ({ ja, en });
const blank = { ja: '', en: '' };

function entry(e: {
  shortName: string;
  name: [string, string];
  org: [string, string];
  region: string;
  industry: string;
  email: string;
  overview: [string, string];
  types: string[];
}): Omit<TeamEntry, 'memberSince'> {
  // Drafted like any entry (fields not written here take their registry samples); the date is set on approval.
  const { memberSince: _setOnApproval, ...whole } = completeEntry({
    memberSince: '',
    shortName: e.shortName,
    officialName: { ja: e.name[0], en: e.name[1] },
    organization: { ja: e.org[0], en: e.org[1] },
    foundedOn: '2025-04-01',
    region: e.region,
    industry: e.industry,
    email: e.email,
    website: `https://${e.email.split('@')[1]}/security/`,
    phone: '+81312345678',
    emergencyPhone: null,
    businessHours: { days: [1, 2, 3, 4, 5], open: '09:00', close: '17:30' },
    timeZone: 'Asia/Tokyo',
    languages: ['ja', 'en'],
    introduction: { overview: intro(...e.overview), background: blank, activities: blank },
    constituencyTypes: e.types,
    constituencyDescription: blank,
    services: ['information_security_incident_management'],
  });
  return whole;
}

export const DEMO_APPLICATIONS: DemoApplication[] = [
  {
    state: 'submitted',
    daysAgo: 2,
    inStateDays: 2,
    entry: entry({
      shortName: 'MIZUHO-SEIKI-CSIRT',
      name: ['みずほ精機 CSIRT', 'Mizuho Seiki CSIRT'],
      org: ['みずほ精機株式会社', 'Mizuho Seiki Co., Ltd.'],
      region: 'chubu',
      industry: 'manufacturing',
      email: 'csirt@mizuho-seiki.example.jp',
      overview: ['工作機械メーカーの CSIRT です。', 'The CSIRT of a machine tool maker.'],
      types: ['own_organization', 'products'],
    }),
    applicant: { name: '水野 一郎', email: 'mizuno@mizuho-seiki.example.jp' },
  },
  {
    state: 'screening',
    daysAgo: 12,
    inStateDays: 9,
    entry: entry({
      shortName: 'KAGAYAKI-HD-CSIRT',
      name: ['かがやきホールディングス CSIRT', 'Kagayaki Holdings CSIRT'],
      org: ['かがやきホールディングス株式会社', 'Kagayaki Holdings, Inc.'],
      region: 'kinki',
      industry: 'retail_wholesale',
      email: 'csirt@kagayaki-hd.example.jp',
      overview: [
        '小売グループ各社のインシデント対応を統括します。',
        'Coordinates incident response for the retail group.',
      ],
      types: ['own_organization', 'group_companies'],
    }),
    applicant: { name: '輝 さくら', email: 'hikari@kagayaki-hd.example.jp' },
    checklist: ['operatesAsCsirtInJapan', 'agreesWithMission', 'keyReviewed'],
  },
  {
    state: 'needs_info',
    daysAgo: 20,
    inStateDays: 5,
    entry: entry({
      shortName: 'SEASIDE-CLOUD-SIRT',
      name: ['シーサイドクラウド SIRT', 'Seaside Cloud SIRT'],
      org: ['シーサイドクラウド株式会社', 'Seaside Cloud K.K.'],
      region: 'kyushu_okinawa',
      industry: 'information_communications',
      email: 'sirt@seaside-cloud.example.jp',
      overview: [
        'クラウドサービスの利用者向けに対応窓口を提供します。',
        'Offers a point of contact to our cloud customers.',
      ],
      types: ['customers'],
    }),
    applicant: { name: '浜辺 健', email: 'hamabe@seaside-cloud.example.jp' },
    checklist: ['operatesAsCsirtInJapan', 'agreesWithMission', 'keyReviewed', 'notDuplicate'],
    messages: [
      {
        author: 'secretariat',
        body: '顧客からのインシデント報告を受け付ける体制（受付時間外の連絡方法）を教えてください。',
        daysAgo: 5,
      },
    ],
  },
  {
    state: 'sponsorship',
    daysAgo: 40,
    inStateDays: 0, // from sponsorshipOpened
    entry: entry({
      shortName: 'HIBARI-U-CSIRT',
      name: ['ひばり大学 CSIRT', 'Hibari University CSIRT'],
      org: ['学校法人ひばり学園 ひばり大学', 'Hibari University'],
      region: 'tohoku',
      industry: 'education_research',
      email: 'csirt@hibari-u.example.ac.jp',
      overview: ['学内ネットワークと研究データを守るチームです。', 'Protects the campus network and research data.'],
      types: ['own_organization'],
    }),
    applicant: { name: '雲雀 真理', email: 'hibari@hibari-u.example.ac.jp' },
    checklist: CHECKLIST_ITEMS,
    sponsorshipOpened: 'window_over',
    sponsorships: [{ team: 'hokuto-u-csirt', kind: 'endorse', reason: '大学間の連携で対応実績があります。' }],
  },
  {
    state: 'sponsorship',
    daysAgo: 18,
    inStateDays: 0, // from sponsorshipOpened
    entry: entry({
      shortName: 'NAGISA-ENERGY-CSIRT',
      name: ['なぎさエナジー CSIRT', 'Nagisa Energy CSIRT'],
      org: ['なぎさエナジー株式会社', 'Nagisa Energy Co., Ltd.'],
      region: 'chugoku',
      industry: 'energy_utilities',
      email: 'csirt@nagisa-energy.example.jp',
      overview: ['発電所と送配電の制御系を含めて対応します。', 'Covers power plants and grid control systems.'],
      types: ['own_organization', 'group_companies'],
    }),
    applicant: { name: '渚 陽子', email: 'nagisa@nagisa-energy.example.jp' },
    checklist: CHECKLIST_ITEMS,
    sponsorshipOpened: 'window_open',
  },
  {
    state: 'decision',
    daysAgo: 45,
    inStateDays: 1,
    entry: entry({
      shortName: 'AOZORA-LOGI-CSIRT',
      name: ['あおぞら物流 CSIRT', 'Aozora Logistics CSIRT'],
      org: ['あおぞら物流株式会社', 'Aozora Logistics Co., Ltd.'],
      region: 'kanto',
      industry: 'transport_logistics',
      email: 'csirt@aozora-logi.example.jp',
      overview: ['物流システムのセキュリティを担います。', 'Secures our logistics systems.'],
      types: ['own_organization', 'group_companies'],
    }),
    applicant: { name: '青空 翔', email: 'aozora@aozora-logi.example.jp' },
    checklist: CHECKLIST_ITEMS,
    sponsorshipOpened: 'window_over',
    sponsorships: [
      { team: 'tsubasa-hd-csirt', kind: 'endorse', reason: '' },
      { team: 'kurogane-sirt', kind: 'endorse', reason: '共同演習に参加しています。' },
    ],
  },
  {
    state: 'rejected',
    daysAgo: 70,
    inStateDays: 20,
    entry: entry({
      shortName: 'QUICKFIX-CSIRT',
      name: ['クイックフィックス CSIRT', 'QuickFix CSIRT'],
      org: ['クイックフィックス合同会社', 'QuickFix LLC'],
      region: 'kanto',
      industry: 'security_vendor',
      email: 'csirt@quickfix.example.jp',
      overview: ['セキュリティ製品の販売窓口です。', 'Sales contact for security products.'],
      types: ['customers'],
    }),
    applicant: { name: '速水 修', email: 'hayami@quickfix.example.jp' },
    checklist: CHECKLIST_ITEMS,
    sponsorshipOpened: 'window_over',
    sponsorships: [
      { team: 'kurogane-sirt', kind: 'object', reason: '製品販売の窓口で、インシデント対応の実績が見当たりません。' },
    ],
    decisionReason: 'インシデント対応の活動実態が確認できませんでした。体制が整いましたら、あらためてご申請ください。',
  },
  {
    state: 'withdrawn',
    daysAgo: 40,
    inStateDays: 30,
    entry: entry({
      shortName: 'YAMABIKO-CSIRT',
      name: ['やまびこ製薬 CSIRT', 'Yamabiko Pharma CSIRT'],
      org: ['やまびこ製薬株式会社', 'Yamabiko Pharmaceutical Co., Ltd.'],
      region: 'shikoku',
      industry: 'healthcare_welfare',
      email: 'csirt@yamabiko-pharma.example.jp',
      overview: ['医薬品メーカーの CSIRT です。', 'The CSIRT of a drug maker.'],
      types: ['own_organization'],
    }),
    applicant: { name: '山彦 静', email: 'yamabiko@yamabiko-pharma.example.jp' },
    checklist: ['operatesAsCsirtInJapan'],
  },
];

/** When sponsorship opened, relative to now: past the whole window (and two days more), or three days ago. */
function sponsorshipDates(demo: DemoApplication, now: Date, windowDays: number) {
  if (!demo.sponsorshipOpened) return { opened: null, ends: null };
  const opened = addDays(now, demo.sponsorshipOpened === 'window_over' ? -(windowDays + 2) : -3);
  return { opened, ends: addDays(opened, windowDays) };
}

interface SeedOptions {
  /** Another short name for a copy of a demo application (tests walk each demo case on a fresh copy). */
  shortName?: string;
  /** A known applicant link (tests open the applicant's page); the demo itself keeps none. */
  accessToken?: string;
}

/** One demo application with its messages and sponsorships; answers its id, or null when its short name exists. */
/** The application's row: its dates relative to now, its key, and the link given (or a throwaway one). */
async function applicationRow(demo: DemoApplication, opts: SeedOptions, now: Date, windowDays: number) {
  const created = addDays(now, -demo.daysAgo);
  const sponsorship = sponsorshipDates(demo, now, windowDays);
  const changed =
    demo.state === 'sponsorship' && sponsorship.opened ? sponsorship.opened : addDays(now, -demo.inStateDays);
  const pair = await generateKeyPair({
    name: demo.entry.officialName.en,
    email: demo.entry.email,
    created,
    validDays: 730,
  });
  const key = await describePublicKey(pair.publicKey);
  const row = {
    state: demo.state,
    entry: { ...demo.entry, shortName: opts.shortName ?? demo.entry.shortName, memberSince: '' },
    keyArmored: key.armored,
    keyFingerprint: key.fingerprint,
    attestations: { operatesAsCsirtInJapan: true, agreesWithMission: true, handlesInformationAppropriately: true },
    applicantName: demo.applicant.name,
    applicantEmail: demo.applicant.email,
    applicantLocale: 'ja' as const,
    accessTokenHash: hashToken(opts.accessToken ?? randomBytes(32).toString('base64url')),
    emailVerifiedAt: demo.state === 'draft' ? null : created,
    checklist: Object.fromEntries((demo.checklist ?? []).map((item) => [item, true])),
    sponsorshipOpenedAt: sponsorship.opened,
    objectionWindowEndsAt: sponsorship.ends,
    decisionReason: demo.decisionReason ?? null,
    decisionReference: demo.state === 'rejected' ? '運営委員会 第3号議案' : null,
    stateChangedAt: changed,
    createdAt: created,
  };
  // Sponsorships were given the day after sponsorship opened.
  return { row, sponsoredAt: sponsorship.opened ? addDays(sponsorship.opened, 1) : changed };
}

/** One demo application with its messages and sponsorships; answers its id, or null when its short name exists. */
type SeedCtx = Pick<AppContext, 'db' | 'clock' | 'config'> & Partial<Pick<AppContext, 'mailer'>>;

export async function seedDemoApplication(
  ctx: SeedCtx,
  demo: DemoApplication,
  opts: SeedOptions = {},
): Promise<string | null> {
  const now = ctx.clock.now();
  const shortName = opts.shortName ?? demo.entry.shortName;
  const [exists] = await ctx.db
    .select({ id: applications.id })
    .from(applications)
    .where(sql`lower(${applications.entry} ->> 'shortName') = lower(${shortName})`);
  if (exists) return null;
  // The applicant's secret link: the caller's when it keeps one (tests), else a new one nobody keeps.
  const accessToken = opts.accessToken ?? randomBytes(32).toString('base64url');
  const withToken = { ...opts, accessToken };
  const { row, sponsoredAt } = await applicationRow(demo, withToken, now, ctx.config.admission.objectionWindowDays);
  return ctx.db.transaction(async (tx) => {
    const [app] = await tx.insert(applications).values(row).returning();
    for (const m of demo.messages ?? []) {
      await tx
        .insert(applicationMessages)
        .values({ applicationId: app.id, author: m.author, body: m.body, createdAt: addDays(now, -m.daysAgo) });
    }
    for (const s of demo.sponsorships ?? []) {
      const team = await findTeamBySlug(tx, s.team);
      if (!team) continue;
      await tx
        .insert(sponsorships)
        .values({ applicationId: app.id, teamId: team.id, kind: s.kind, reason: s.reason, createdAt: sponsoredAt });
    }
    // The applicant who is asked a question gets it by mail with a link to answer (read it at /dev/mail).
    if (demo.state === 'needs_info' && ctx.mailer) {
      const question = [...(demo.messages ?? [])].reverse().find((m) => m.author === 'secretariat');
      await ctx.mailer.applicationNotice(tx, {
        to: [app.applicantEmail],
        kind: 'needs_info',
        shortName: app.entry.shortName,
        organization: app.entry.organization.ja || app.entry.organization.en,
        link: applicantPageLink(ctx, accessToken),
        message: question?.body,
      });
    }
    return app.id;
  });
}

export async function seedDemoApplications(ctx: SeedCtx): Promise<number> {
  let added = 0;
  for (const demo of DEMO_APPLICATIONS) if (await seedDemoApplication(ctx, demo)) added += 1;
  return added;
}
