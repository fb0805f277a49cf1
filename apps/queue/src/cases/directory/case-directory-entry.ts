import type {
  ApplicantType,
  CalendarDate,
  CaseInquiryLetter,
  CaseOutcome,
  CaseState,
  Procedure,
  Visit,
} from '@madoguchi/domain';

/** A case as the directory lists it: enough to find and resume it, nothing personal. */
export interface CaseDirectoryEntry {
  caseId: string;
  officeId: string;
  appliedOn: CalendarDate;
  procedure: Procedure;
  applicant: ApplicantType;
  status: 'open' | 'closed';
  outcome: CaseOutcome | null;
  visit: Visit;
  ticketNumbers: string[];
  letter: CaseInquiryLetter['status'];
  letterReference: string | null;
  letterMailedOn: CalendarDate | null;
  letterDeadline: CalendarDate | null;
  version: number;
}

/** The directory row of a case: a pure function of its folded state. */
export function directoryEntryOf(state: CaseState, version: number): CaseDirectoryEntry | undefined {
  if (state.status === 'not-opened') return undefined;
  const letter = state.letter;
  return {
    caseId: state.caseId,
    officeId: state.officeId,
    appliedOn: state.appliedOn,
    procedure: state.procedure,
    applicant: state.applicant,
    status: state.status,
    outcome: state.status === 'closed' ? state.outcome : null,
    visit: state.visit,
    ticketNumbers: state.ticketNumbers,
    letter: letter.status,
    letterReference: letter.status === 'not-mailed' ? null : (letter.reference ?? null),
    letterMailedOn: letter.status === 'not-mailed' ? null : letter.mailedOn,
    letterDeadline: letter.status === 'not-mailed' ? null : letter.deadline,
    version,
  };
}
