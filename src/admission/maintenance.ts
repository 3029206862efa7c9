/** Admission's share of the hourly housekeeping: safe to run in several instances at once. */
import { SYSTEM_ACTOR } from '../audit/service';
import type { AppContext } from '../context';
import { pruneUnconfirmedDrafts } from './applicant-service';
import { eraseClosedApplications } from './retention';
import { closeCompletedSponsorships } from './screening-service';

export async function admissionHousekeeping(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>,
): Promise<{ draftsPruned: number; sponsorshipsClosed: number; applicationsErased: number }> {
  const draftsPruned = await pruneUnconfirmedDrafts(ctx);
  const sponsorshipsClosed = await closeCompletedSponsorships(ctx, SYSTEM_ACTOR);
  const applicationsErased = await eraseClosedApplications(ctx, SYSTEM_ACTOR);
  return { draftsPruned, sponsorshipsClosed, applicationsErased };
}
