/**
 * Who may apply at all (domain.md §2), before anyone looks at documents. Callers from outside the
 * type system (a kiosk form, a message) may send anything: a bad value is a refusal with a reason.
 */
import { isApplicantType, isProcedure, type ApplicantType, type Procedure } from '../shared/procedures';

/** What the resident register says about the card holder. */
export interface HolderFacts {
  registeredResident: boolean;
  under15: boolean;
  /** 成年被後見人. */
  adultWard: boolean;
}

export type IneligibilityReason =
  'not-a-resident' | 'legal-representative-needs-minor-or-ward' | 'unknown-procedure' | 'unknown-applicant';

export type Eligibility = { eligible: true } | { eligible: false; reasons: IneligibilityReason[] };

export interface EligibilityInput {
  procedure: Procedure;
  applicant: ApplicantType;
  holder: HolderFacts;
}

/**
 * Every reason that applies, in a fixed order, so the counter can explain all of them at once.
 * A fact counts only when it is `true`: a missing or garbled register answer never grants access.
 */
export function assessEligibility(input: EligibilityInput): Eligibility {
  const fields = (input !== null && typeof input === 'object' ? input : {}) as Partial<
    Record<string, unknown>
  >;
  const holder = (
    fields.holder !== null && typeof fields.holder === 'object' ? fields.holder : {}
  ) as Partial<Record<keyof HolderFacts, unknown>>;
  const reasons: IneligibilityReason[] = [];

  if (!isProcedure(fields.procedure)) reasons.push('unknown-procedure');
  if (!isApplicantType(fields.applicant)) reasons.push('unknown-applicant');
  // 厚木市に住民登録がない方は手続ができません: only the city where the holder is registered administers the card.
  if (holder.registeredResident !== true) reasons.push('not-a-resident');
  if (fields.applicant === 'legal-representative' && holder.under15 !== true && holder.adultWard !== true) {
    reasons.push('legal-representative-needs-minor-or-ward');
  }

  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}
