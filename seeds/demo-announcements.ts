/**
 * Demo announcements: three the secretariat sent over the past months (a TLP:CLEAR notice of the general meeting, a
 * TLP:GREEN note on year-end contacts, a TLP:AMBER warning that reached only the teams with a proven key) and a draft
 * waiting to be previewed — sent through the real path, so the outbox, the delivery reports, the members' archive
 * and its feed show them. Seeded once.
 */
import { eq } from 'drizzle-orm';
import type { SessionUser } from '../src/accounts/session-user';
import { announcements } from '../src/announcements/schema';
import { createAnnouncement, previewAnnouncement, sendAnnouncement } from '../src/announcements/service';
import { addDays } from '../src/clock';
import type { AppContext } from '../src/context';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

const SECRETARIAT: SessionUser = {
  id: '00000000-0000-4000-8000-000000000000',
  email: 'secretariat@demo.example',
  name: '事務局 デモ',
  locale: 'ja',
  isSecretariat: true,
  totpEnabled: true,
  memberships: [],
};
const ACTOR = { userId: null, label: '事務局 デモ <secretariat@demo.example>' };

const SENT = [
  {
    daysAgo: 75,
    tlp: 'clear',
    subjectJa: '2027 年度 総会のご案内',
    subjectEn: 'General meeting 2027',
    bodyJa:
      '2027 年度の総会を 2 月 19 日（金）14 時から東京で開催します。\n出欠は 2 月 5 日までに会員ページからお知らせください。',
    bodyEn:
      'The general meeting 2027 is held in Tokyo on Friday 19 February from 14:00.\nPlease tell us by 5 February on the members’ pages whether you attend.',
  },
  {
    daysAgo: 20,
    tlp: 'green',
    subjectJa: '年末年始の連絡体制について',
    subjectEn: 'Contacts over the new year',
    bodyJa:
      '12 月 29 日から 1 月 3 日まで、事務局は緊急連絡のみ受け付けます。\n各チームも休暇中の連絡窓口を確認し、登録内容が最新か確かめてください。',
    bodyEn:
      'From 29 December to 3 January the secretariat takes urgent calls only.\nPlease check who answers your team’s Point of Contact over the holidays, and that your entry is current.',
  },
  {
    daysAgo: 6,
    tlp: 'amber',
    subjectJa: '会員を装うフィッシングメールの注意喚起',
    subjectEn: 'Phishing mail posing as member teams',
    bodyJa:
      '会員チームの差出人を装ったフィッシングメールが複数の会員に届いています。\n件名は「インシデント報告のお願い」、リンク先は sakura-keisoku.example.jp に似せたドメインです。\n受信した場合は事務局にご連絡ください。',
    bodyEn:
      'Several members received phishing mail posing as member teams.\nThe subject reads "Request for an incident report"; the links lead to a domain made to look like sakura-keisoku.example.jp.\nPlease tell the secretariat if you received one.',
  },
] as const;

const DRAFT = {
  tlp: 'green',
  subjectJa: '連絡窓口の年次確認のお願い',
  subjectEn: 'Yearly confirmation of your Point of Contact',
  bodyJa: '登録内容の年次確認をお願いします。チームのページの「内容は正しい」ボタンから確認できます。',
  bodyEn: 'Please confirm your entry for this year with the “still correct” button on your team page.',
} as const;

export async function seedDemoAnnouncements(ctx: Ctx): Promise<number> {
  const [seeded] = await ctx.db
    .select({ id: announcements.id })
    .from(announcements)
    .where(eq(announcements.subjectEn, DRAFT.subjectEn));
  if (seeded) return 0;
  const now = ctx.clock.now();
  for (const { daysAgo, ...form } of SENT) {
    const id = await createAnnouncement(ctx, SECRETARIAT, ACTOR, form);
    const preview = await previewAnnouncement(ctx, SECRETARIAT, id);
    await sendAnnouncement(ctx, SECRETARIAT, ACTOR, id, preview.digest);
    const at = addDays(now, -daysAgo);
    await ctx.db
      .update(announcements)
      .set({ createdAt: at, updatedAt: at, sentAt: at })
      .where(eq(announcements.id, id));
  }
  await createAnnouncement(ctx, SECRETARIAT, ACTOR, DRAFT);
  return SENT.length + 1;
}
