/** Filling in and sending the application form as a browser would, and reading what the app mailed. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type express from 'express';
import request from 'supertest';
import { RULES } from '../../src/accounts/rate-limit';
import { rateLimitEvents } from '../../src/accounts/schema';
import { applications } from '../../src/admission/schema';
import { outbox } from '../../src/mail/schema';
import { generateKeyPair } from '../../src/pgp';
import type { TestContext } from '../helpers/app';
import { csrfFrom, encodeForm } from '../helpers/auth';
import { asDelivered } from '../helpers/mailbox';

export type FormFields = Record<string, string | string[]>;

let counter = 0;

export async function applicationKey(ctx: TestContext, email: string): Promise<string> {
  const pair = await generateKeyPair({ name: 'Applicant CSIRT', email, created: ctx.clock.now() });
  return pair.publicKey;
}

/** A complete, valid application (every required field), with a fresh key for the team address. */
export async function validApplication(ctx: TestContext, overrides: FormFields = {}): Promise<FormFields> {
  counter += 1;
  const shortName = (overrides.shortName as string) ?? `NEWTEAM${process.pid % 1000}X${counter}-CSIRT`;
  const email = (overrides.email as string) ?? `csirt${counter}@applicant${counter}.example.jp`;
  return {
    shortName,
    officialNameJa: `新規${counter}株式会社 CSIRT`,
    officialNameEn: `Shinki${counter} CSIRT`,
    organizationJa: `新規工業${counter}株式会社`,
    organizationEn: `Shinki Kogyo ${counter} Co., Ltd.`,
    foundedOn: '2024-04-01',
    region: 'kanto',
    industry: 'manufacturing',
    email,
    website: `https://www.applicant${counter}.example.jp/csirt/`,
    phone: '03-1234-5678',
    emergencyPhone: '',
    hoursDays: ['1', '2', '3', '4', '5'],
    hoursOpen: '09:00',
    hoursClose: '18:00',
    timeZone: 'Asia/Tokyo',
    languages: ['ja', 'en'],
    otherLanguages: '',
    introOverviewJa: '新規工業グループの情報セキュリティインシデントに対応するチームです。',
    introOverviewEn: 'The incident response team of the Shinki Kogyo group.',
    introBackgroundJa: '2024年に設立しました。',
    introBackgroundEn: '',
    introActivitiesJa: '',
    introActivitiesEn: '',
    constituencyTypes: ['own_organization', 'group_companies'],
    constituencyDescriptionJa: '',
    constituencyDescriptionEn: '',
    services: ['information_security_incident_management'],
    applicantName: '申請 花子',
    applicantEmail: `hanako${counter}@applicant${counter}.example.jp`,
    applicantPhone: '',
    deputyName: '',
    deputyEmail: '',
    attestOperatesAsCsirtInJapan: 'yes',
    attestAgreesWithMission: 'yes',
    attestHandlesInformationAppropriately: 'yes',
    key: await applicationKey(ctx, email.includes('@') ? email : `csirt${counter}@applicant.example.jp`),
    ...overrides,
  };
}

/**
 * GET /apply for the CSRF token, then POST the form (urlencoded, as the page sends it without a file). Suites send
 * more applications from 127.0.0.1 than the hourly per-address limit allows, so the address's count is cleared
 * first (the limit itself has its own test).
 */
export async function postApplication(app: express.Express, fields: FormFields, lang = 'ja', ctx?: TestContext) {
  if (ctx) await ctx.db.delete(rateLimitEvents).where(eq(rateLimitEvents.bucket, RULES.applicationPerIp.bucket));
  const agent = request.agent(app);
  const page = await agent.get(`/apply?lang=${lang}`).expect(200);
  const res = await agent
    .post('/apply')
    .type('form')
    .send(encodeForm(fields, csrfFrom(page.text)));
  return { agent, res };
}

/** Mail of a template (to an address), as captured in the outbox when no SMTP server is configured. */
export async function mailsOf(ctx: TestContext, template: string, to?: string) {
  const rows = await ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.template, template), to ? sql`${to} = any(${outbox.toAddresses})` : undefined))
    .orderBy(desc(outbox.createdAt));
  return rows.map((row) => asDelivered(ctx, row));
}

/** The one mail of a template to an address; fails when there is none or more than one. */
export async function onlyMail(ctx: TestContext, template: string, to: string) {
  const rows = await mailsOf(ctx, template, to);
  if (rows.length !== 1) throw new Error(`expected one ${template} mail to ${to}, found ${rows.length}`);
  return rows[0];
}

/** The applicant's page path in a mail body. */
export function applicantPath(text: string): string {
  const match = /http:\/\/registry\.test(\/applications\/[A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no applicant link in:\n${text}`);
  return match[1];
}

export async function applicationOf(ctx: TestContext, shortName: string) {
  const rows = await ctx.db.select().from(applications);
  const row = rows.find((r) => r.entry.shortName === shortName);
  if (!row) throw new Error(`no application ${shortName}`);
  return row;
}
