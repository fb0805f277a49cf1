/**
 * The Case aggregate: one event stream per PIN reset or change case (domain.md §2).
 *
 * Events are facts the counter can show an auditor. None of them holds a PIN or a My Number: card
 * operations are recorded as which PIN kinds and how many tries are left, identity documents by code
 * and condition only (no document number, no name).
 */
import type { CountedDocument, DocumentCode, IdentityRule, RejectedDocument } from '../identity';
import type { PinKind } from '../pin/pin-policy';
import type { DocumentOwner, HolderFacts } from '../requirements';
import type { CalendarDate } from '../shared/calendar-date';
import { assertNever } from '../shared/decision';
import type { ApplicantType, Procedure, Visit } from '../shared/procedures';

type CaseEventOf<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;

/**
 * A presented document as the case keeps it: what the rule looked at, and nothing that identifies a
 * person. A code not on the list is kept as `null`, because the clerk's free text could hold anything.
 */
export interface CaseRecordedDocument {
  code: DocumentCode | null;
  original: boolean;
  expiresOn?: CalendarDate;
  issuedOn?: CalendarDate;
  hasPhoto?: boolean;
}

export interface CaseIdentityVerdict {
  sufficient: boolean;
  counted: CountedDocument[];
  rejected: RejectedDocument[];
}

/** Tries left per PIN as the card reported them; `null` for a signing PIN the card does not carry. */
export type CaseTriesLeft = Readonly<Record<PinKind, number | null>>;

export type CaseAbandonReason =
  'applicant-left' | 'not-eligible' | 'identity-insufficient' | 'card-problem' | 'other';
export const CASE_ABANDON_REASONS: readonly CaseAbandonReason[] = [
  'applicant-left',
  'not-eligible',
  'identity-insufficient',
  'card-problem',
  'other',
];

// `at` is the instant of the command (ISO 8601), kept as a string so an event reads back the same from JSON.

export type CaseOpened = CaseEventOf<
  'CaseOpened',
  {
    caseId: string;
    officeId: string;
    ticketNumber?: string;
    procedure: Procedure;
    applicant: ApplicantType;
    holder: HolderFacts;
    appliedOn: CalendarDate;
    at: string;
  }
>;

export type IdentityDocumentsRecorded = CaseEventOf<
  'IdentityDocumentsRecorded',
  {
    visit: Visit;
    whose: DocumentOwner;
    documents: CaseRecordedDocument[];
    rule: IdentityRule;
    verdict: CaseIdentityVerdict;
    at: string;
  }
>;

export type IdentityExceptionRecorded = CaseEventOf<
  'IdentityExceptionRecorded',
  { visit: Visit; procedure: Procedure; supervisorId: string; reason: string; at: string }
>;

export type InquiryLetterMailed = CaseEventOf<
  'InquiryLetterMailed',
  { mailedOn: CalendarDate; deadline: CalendarDate; at: string }
>;

export type InquiryLetterReturned = CaseEventOf<
  'InquiryLetterReturned',
  { returnedOn: CalendarDate; deadline: CalendarDate; visit: 2; at: string }
>;

export type InquiryLetterExpired = CaseEventOf<
  'InquiryLetterExpired',
  { deadline: CalendarDate; expiredOn: CalendarDate; at: string }
>;

export type CardChecked = CaseEventOf<'CardChecked', { visit: Visit; triesLeft: CaseTriesLeft; at: string }>;

export type PinsChanged = CaseEventOf<'PinsChanged', { kinds: PinKind[]; at: string }>;

export type PinChangeFailed = CaseEventOf<
  'PinChangeFailed',
  { kind: PinKind; triesLeft: number; at: string }
>;

export type CaseContinuedAsReset = CaseEventOf<
  'CaseContinuedAsReset',
  { from: 'pin-change'; to: 'pin-reset'; at: string }
>;

export type PinsReset = CaseEventOf<'PinsReset', { kinds: PinKind[]; at: string }>;

export type CountersConfirmed = CaseEventOf<'CountersConfirmed', { triesLeft: CaseTriesLeft; at: string }>;

export type CaseCompleted = CaseEventOf<
  'CaseCompleted',
  { procedure: Procedure; visit: Visit; identityByException: boolean; at: string }
>;

export type CaseAbandoned = CaseEventOf<'CaseAbandoned', { reason: CaseAbandonReason; at: string }>;

export type CaseEvent =
  | CaseOpened
  | IdentityDocumentsRecorded
  | IdentityExceptionRecorded
  | InquiryLetterMailed
  | InquiryLetterReturned
  | InquiryLetterExpired
  | CardChecked
  | PinsChanged
  | PinChangeFailed
  | CaseContinuedAsReset
  | PinsReset
  | CountersConfirmed
  | CaseCompleted
  | CaseAbandoned;

/** Bump a version (and add an upcaster) whenever an event's data changes shape: old streams stay readable. */
export const CASE_EVENT_SCHEMA_VERSIONS: Readonly<{ [K in CaseEvent['type']]: number }> = Object.freeze({
  CaseOpened: 1,
  IdentityDocumentsRecorded: 1,
  IdentityExceptionRecorded: 1,
  InquiryLetterMailed: 1,
  InquiryLetterReturned: 1,
  InquiryLetterExpired: 1,
  CardChecked: 1,
  PinsChanged: 1,
  PinChangeFailed: 1,
  CaseContinuedAsReset: 1,
  PinsReset: 1,
  CountersConfirmed: 1,
  CaseCompleted: 1,
  CaseAbandoned: 1,
});

export const CASE_EVENT_TYPES: readonly CaseEvent['type'][] = Object.freeze(
  Object.keys(CASE_EVENT_SCHEMA_VERSIONS) as CaseEvent['type'][],
);

// ---------------------------------------------------------------------------------------------------
// State

export type CaseInquiryLetter =
  | { status: 'not-mailed' }
  | { status: 'mailed'; mailedOn: CalendarDate; deadline: CalendarDate }
  | { status: 'returned'; mailedOn: CalendarDate; deadline: CalendarDate; returnedOn: CalendarDate };

export interface CaseRecordedIdentity {
  rule: IdentityRule;
  sufficient: boolean;
}

/** Everything known about a case once it is opened. */
export interface CaseFile {
  caseId: string;
  officeId: string;
  ticketNumber?: string;
  procedure: Procedure;
  applicant: ApplicantType;
  holder: HolderFacts;
  appliedOn: CalendarDate;
  visit: Visit;
  /**
   * Identity checked for the current visit under the current procedure. A new visit, or a change
   * continuing as a reset (which asks for more), starts it afresh.
   */
  identity: Partial<Record<DocumentOwner, CaseRecordedIdentity>>;
  identityException: boolean;
  letter: CaseInquiryLetter;
  /** The latest counter reading of this visit; the card may have changed since the previous one. */
  card: CaseTriesLeft | undefined;
  pinsChanged: PinKind[];
  pinChangeFailed: boolean;
  pinsReset: PinKind[];
  countersConfirmed: CaseTriesLeft | undefined;
}

export type CaseOutcome = 'completed' | 'abandoned' | 'expired';

export type CaseState =
  | { status: 'not-opened' }
  | (CaseFile & { status: 'open' })
  | (CaseFile & { status: 'closed'; outcome: CaseOutcome });

export function initialCaseState(): CaseState {
  return { status: 'not-opened' };
}

function union(kinds: readonly PinKind[], more: readonly PinKind[]): PinKind[] {
  return [...new Set([...kinds, ...more])];
}

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseOpened') {
    const { caseId, officeId, ticketNumber, procedure, applicant, holder, appliedOn } = event.data;
    return {
      status: 'open',
      caseId,
      officeId,
      ...(ticketNumber === undefined ? {} : { ticketNumber }),
      procedure,
      applicant,
      holder,
      appliedOn,
      visit: 1,
      identity: {},
      identityException: false,
      letter: { status: 'not-mailed' },
      card: undefined,
      pinsChanged: [],
      pinChangeFailed: false,
      pinsReset: [],
      countersConfirmed: undefined,
    };
  }
  // A well-formed stream starts with CaseOpened and ends at the first closing event.
  if (state.status !== 'open') return state;

  switch (event.type) {
    case 'IdentityDocumentsRecorded': {
      // The latest documents replace earlier ones: the clerk records everything laid on the counter.
      // For `self` the applicant is the holder, so both words name one person's documents.
      const whose = state.applicant === 'self' ? 'applicant' : event.data.whose;
      return {
        ...state,
        identity: {
          ...state.identity,
          [whose]: { rule: event.data.rule, sufficient: event.data.verdict.sufficient },
        },
      };
    }
    case 'IdentityExceptionRecorded':
      return { ...state, identityException: true };
    case 'InquiryLetterMailed':
      return {
        ...state,
        letter: { status: 'mailed', mailedOn: event.data.mailedOn, deadline: event.data.deadline },
      };
    case 'InquiryLetterReturned':
      return {
        ...state,
        visit: 2,
        identity: {},
        identityException: false,
        card: undefined,
        letter:
          state.letter.status === 'not-mailed'
            ? state.letter
            : { ...state.letter, status: 'returned', returnedOn: event.data.returnedOn },
      };
    case 'InquiryLetterExpired':
      return { ...state, status: 'closed', outcome: 'expired' };
    case 'CardChecked':
      return { ...state, card: event.data.triesLeft };
    case 'PinsChanged':
      return { ...state, pinsChanged: union(state.pinsChanged, event.data.kinds) };
    case 'PinChangeFailed':
      return { ...state, pinChangeFailed: true };
    case 'CaseContinuedAsReset':
      return {
        ...state,
        procedure: 'pin-reset',
        identity: {},
        identityException: false,
      };
    case 'PinsReset':
      return { ...state, pinsReset: union(state.pinsReset, event.data.kinds) };
    case 'CountersConfirmed':
      return { ...state, countersConfirmed: event.data.triesLeft };
    case 'CaseCompleted':
      return { ...state, status: 'closed', outcome: 'completed' };
    case 'CaseAbandoned':
      return { ...state, status: 'closed', outcome: 'abandoned' };
    default:
      return assertNever(event);
  }
}
