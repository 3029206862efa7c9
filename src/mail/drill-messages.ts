/** The drill mails' shape and messages (drills/run.ts composes them; mailer.ts renders and queues them). */
import type { MessageKey } from '../i18n';

/** A reachability drill (to the team), its late copy (to the team's editors) or its failure (to the secretariat). */
export interface DrillMail {
  id: string;
  kind: 'drill' | 'late' | 'failed';
  to: string[];
  teamName: string;
  slug: string;
  /** The address the drill went to, and when. */
  address: string;
  sentAt: Date;
  /** The page where the code is entered (drill and late copy). */
  answerPage: string | null;
  /** An armored PGP MESSAGE to the team's key holding the code and the answer link (drill and late copy). */
  encryptedCode: string | null;
  /** A failure notice lists every drill that failed in one page of the run: one mail, not one per team. */
  failed?: { teamName: string; address: string; sentAt: Date }[];
}

export const DRILL_MESSAGES: Record<DrillMail['kind'], { subject: MessageKey; body: MessageKey }> = {
  drill: { subject: 'mail.drill.subject', body: 'mail.drill.body' },
  late: { subject: 'mail.drill.late.subject', body: 'mail.drill.late.body' },
  failed: { subject: 'mail.drill.failed.subject', body: 'mail.drill.failed.body' },
};
