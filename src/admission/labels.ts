/** The label of each code of admission's closed lists (states, actions, checklist items), for views. */

import type { MessageKey } from '../i18n';
import { labelsOf } from '../i18n/labels';
import { CHECKLIST_ITEMS } from './options';
import { SPONSORSHIP_KINDS } from './schema';
import { APPLICATION_ACTIONS, APPLICATION_STATES } from './state';

/** The three statements an applicant confirms, as posted (attestationForm) and as said. */
export const ATTESTATIONS: readonly { input: string; label: MessageKey }[] = [
  { input: 'attestOperatesAsCsirtInJapan', label: 'apply.attest.operatesAsCsirtInJapan' },
  { input: 'attestAgreesWithMission', label: 'apply.attest.agreesWithMission' },
  { input: 'attestHandlesInformationAppropriately', label: 'apply.attest.handlesInformationAppropriately' },
];

export const ADMISSION_LABELS = {
  applicationState: labelsOf('admission.state.', APPLICATION_STATES),
  applicationAction: labelsOf('admission.action.', APPLICATION_ACTIONS),
  applicantHelp: labelsOf('applicant.help.', APPLICATION_STATES),
  checklist: labelsOf('admission.checklist.', CHECKLIST_ITEMS),
  /** What the secretariat's last step did (the detail page says it after the redirect). */
  done: labelsOf('admission.done.', [
    'start_screening',
    'request_info',
    'open_sponsorship',
    'close_sponsorship',
    'approve',
    'reject',
    'notes',
    'renamed',
  ]),
  sponsorGiven: labelsOf('sponsor.given.', SPONSORSHIP_KINDS),
  attestations: ATTESTATIONS,
};
