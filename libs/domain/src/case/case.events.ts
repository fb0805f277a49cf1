/**
 * The Case aggregate: one event stream per PIN reset or change case (domain.md §2).
 *
 * Events are facts the counter can show an auditor. None of them holds a PIN or a My Number: card
 * operations are recorded as which PIN kinds and how many tries are left, identity documents by code
 * and condition only (no document number, no name).
 */
import type { CountedDocument, DocumentCode, IdentityRule, RejectedDocument } from '../identity';
import type { PinKind } from '../pin/pin-policy';
import type {
  PresentedRepresentationProof,
  RepresentationProofRejection,
} from '../representation/proof-of-representation';
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

/**
 * `holder-card`: the holder's own My Number card, shown for the holder's identity when that card is the one
 * being reset or changed. It is the object of the procedure, so it does not also prove who its holder is.
 */
export type CaseRejectedDocument = RejectedDocument | { code: DocumentCode; reason: 'holder-card' };

export interface CaseIdentityVerdict {
  sufficient: boolean;
  counted: CountedDocument[];
  rejected: CaseRejectedDocument[];
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

export type RepresentationProofRecorded = CaseEventOf<
  'RepresentationProofRecorded',
  {
    proof: PresentedRepresentationProof;
    sufficient: boolean;
    rejection?: RepresentationProofRejection;
    at: string;
  }
>;

/**
 * v2 adds `reference`, printed on the letter so the proxy's second visit finds the case (v1 letters have
 * none: their case is found by its ticket or id).
 */
export type InquiryLetterMailed = CaseEventOf<
  'InquiryLetterMailed',
  { mailedOn: CalendarDate; deadline: CalendarDate; reference?: string; at: string }
>;

/** v2 adds `ticketNumber`: the ticket the proxy took on the second visit. */
export type InquiryLetterReturned = CaseEventOf<
  'InquiryLetterReturned',
  { returnedOn: CalendarDate; deadline: CalendarDate; visit: 2; ticketNumber?: string; at: string }
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

/**
 * The clerk reset these PINs on the J-LIS terminal and the card's counters read full. Since v2 it is recorded
 * only together with its CountersConfirmed; a v1 stream may hold one whose counters never were.
 */
export type PinsReset = CaseEventOf<'PinsReset', { kinds: PinKind[]; at: string }>;

export type CountersConfirmed = CaseEventOf<'CountersConfirmed', { triesLeft: CaseTriesLeft; at: string }>;

/** The clerk said these PINs were reset, but the card's counters (`triesLeft`) are not back to full. */
export type PinResetNotConfirmed = CaseEventOf<
  'PinResetNotConfirmed',
  { kinds: PinKind[]; notFull: PinKind[]; triesLeft: CaseTriesLeft; at: string }
>;

/** A supervisor accepts a reset the card could not confirm (e.g. the reader fails), with the reason. */
export type ResetAcceptedBySupervisor = CaseEventOf<
  'ResetAcceptedBySupervisor',
  { kinds: PinKind[]; supervisorId: string; reason: string; at: string }
>;

/** After the reset the resident typed the new PIN and the card accepted it (its counter is full). */
export type NewPinVerified = CaseEventOf<'NewPinVerified', { kind: PinKind; at: string }>;

/** The resident's new PIN did not verify: the card counted a try. */
export type NewPinVerificationFailed = CaseEventOf<
  'NewPinVerificationFailed',
  { kind: PinKind; triesLeft: number; at: string }
>;

export type CaseCompleted = CaseEventOf<
  'CaseCompleted',
  { procedure: Procedure; visit: Visit; identityByException: boolean; at: string }
>;

export type CaseAbandoned = CaseEventOf<'CaseAbandoned', { reason: CaseAbandonReason; at: string }>;

export type CaseEvent =
  | CaseOpened
  | IdentityDocumentsRecorded
  | IdentityExceptionRecorded
  | RepresentationProofRecorded
  | InquiryLetterMailed
  | InquiryLetterReturned
  | InquiryLetterExpired
  | CardChecked
  | PinsChanged
  | PinChangeFailed
  | CaseContinuedAsReset
  | PinsReset
  | CountersConfirmed
  | PinResetNotConfirmed
  | ResetAcceptedBySupervisor
  | NewPinVerified
  | NewPinVerificationFailed
  | CaseCompleted
  | CaseAbandoned;

/** Bump a version (and add an upcaster) whenever an event's data changes shape: old streams stay readable. */
export const CASE_EVENT_SCHEMA_VERSIONS: Readonly<{ [K in CaseEvent['type']]: number }> = Object.freeze({
  CaseOpened: 1,
  IdentityDocumentsRecorded: 1,
  IdentityExceptionRecorded: 1,
  RepresentationProofRecorded: 1,
  InquiryLetterMailed: 2,
  InquiryLetterReturned: 2,
  InquiryLetterExpired: 1,
  CardChecked: 1,
  PinsChanged: 1,
  PinChangeFailed: 1,
  CaseContinuedAsReset: 1,
  PinsReset: 2,
  CountersConfirmed: 1,
  PinResetNotConfirmed: 1,
  ResetAcceptedBySupervisor: 1,
  NewPinVerified: 1,
  NewPinVerificationFailed: 1,
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
  | { status: 'mailed'; mailedOn: CalendarDate; deadline: CalendarDate; reference?: string }
  | {
      status: 'returned';
      mailedOn: CalendarDate;
      deadline: CalendarDate;
      reference?: string;
      returnedOn: CalendarDate;
    };

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
  /** Proof of legal representation (or its exemption), as last recorded; asked for at the one visit. */
  representationProof: { sufficient: boolean } | undefined;
  letter: CaseInquiryLetter;
  /** The tickets the applicant came with: the first visit's, then the second visit's for a proxy. */
  ticketNumbers: string[];
  /** The latest counter reading of this visit; the card may have changed since the previous one. */
  card: CaseTriesLeft | undefined;
  pinsChanged: PinKind[];
  pinChangeFailed: boolean;
  /** PINs reset with counters confirmed full (or accepted by a supervisor). */
  pinsReset: PinKind[];
  countersConfirmed: CaseTriesLeft | undefined;
  /** Reset PINs a supervisor accepted without the card's confirmation. */
  pinsResetBySupervisor: PinKind[];
  /** Reset PINs the clerk recorded whose counters did not read full, until a reset of them is confirmed. */
  pinsResetNotConfirmed: PinKind[];
  /** New PINs the resident verified on the card after the reset. */
  newPinsVerified: PinKind[];
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

function without(kinds: readonly PinKind[], gone: readonly PinKind[]): PinKind[] {
  return kinds.filter((kind) => !gone.includes(kind));
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
      representationProof: undefined,
      letter: { status: 'not-mailed' },
      ticketNumbers: ticketNumber === undefined ? [] : [ticketNumber],
      card: undefined,
      pinsChanged: [],
      pinChangeFailed: false,
      pinsReset: [],
      countersConfirmed: undefined,
      pinsResetBySupervisor: [],
      pinsResetNotConfirmed: [],
      newPinsVerified: [],
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
    case 'RepresentationProofRecorded':
      return { ...state, representationProof: { sufficient: event.data.sufficient } };
    case 'InquiryLetterMailed': {
      const { mailedOn, deadline, reference } = event.data;
      return {
        ...state,
        letter: { status: 'mailed', mailedOn, deadline, ...(reference === undefined ? {} : { reference }) },
      };
    }
    case 'InquiryLetterReturned':
      return {
        ...state,
        visit: 2,
        identity: {},
        identityException: false,
        ticketNumbers:
          event.data.ticketNumber === undefined
            ? state.ticketNumbers
            : [...state.ticketNumbers, event.data.ticketNumber],
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
      return {
        ...state,
        pinsReset: union(state.pinsReset, event.data.kinds),
        pinsResetNotConfirmed: without(state.pinsResetNotConfirmed, event.data.kinds),
      };
    case 'CountersConfirmed':
      return { ...state, card: event.data.triesLeft, countersConfirmed: event.data.triesLeft };
    case 'PinResetNotConfirmed':
      return {
        ...state,
        card: event.data.triesLeft,
        pinsResetNotConfirmed: union(state.pinsResetNotConfirmed, event.data.kinds),
      };
    case 'ResetAcceptedBySupervisor':
      return {
        ...state,
        pinsReset: union(state.pinsReset, event.data.kinds),
        pinsResetBySupervisor: union(state.pinsResetBySupervisor, event.data.kinds),
        pinsResetNotConfirmed: without(state.pinsResetNotConfirmed, event.data.kinds),
      };
    case 'NewPinVerified':
      return { ...state, newPinsVerified: union(state.newPinsVerified, [event.data.kind]) };
    case 'NewPinVerificationFailed':
      return state;
    case 'CaseCompleted':
      return { ...state, status: 'closed', outcome: 'completed' };
    case 'CaseAbandoned':
      return { ...state, status: 'closed', outcome: 'abandoned' };
    default:
      return assertNever(event);
  }
}
