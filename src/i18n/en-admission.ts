import type { jaAdmission } from './ja-admission';

/** English messages of admission: the same keys as ja-admission.ts. */
export const enAdmission: Record<keyof typeof jaAdmission, string> = {
  'admission.invalidTransition': 'This application is “{state}”, so this action ({action}) is not possible now.',
  'admission.staleVersion': 'Someone else has updated this application first. Please reload and try again.',
};
