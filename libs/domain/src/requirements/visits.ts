import type { ApplicantType, Visit } from '../shared/procedures';

/** Which visits an applicant makes: a proxy comes back with the sealed letter, everyone else comes once. */
export function visitsFor(applicant: ApplicantType): Visit[] {
  return applicant === 'proxy' ? [1, 2] : [1];
}
