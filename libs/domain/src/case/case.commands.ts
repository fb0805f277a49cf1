/**
 * What the counter may do with a PIN case, decided from the case's past events alone (domain.md §2).
 * Commands arrive from forms and messages, so anything malformed is refused with a code, never thrown.
 * No command carries a PIN or a My Number: the card gateway reports what the card said, not what was typed.
 */
import { isOpenAt } from '../calendar';
import { assessIdentity, isDocumentCode, type PresentedDocument } from '../identity';
import { isPinKind, PIN_KINDS, PIN_RETRY_LIMITS, type PinKind } from '../pin/pin-policy';
import {
  assessRepresentationProof,
  isRepresentationExemption,
  isRepresentationProofCode,
  type PresentedRepresentationProof,
} from '../representation/proof-of-representation';
import {
  assessEligibility,
  identityRequirementFor,
  requirementItemFor,
  type DocumentOwner,
  type HolderFacts,
  type IneligibilityReason,
} from '../requirements';
import { isCalendarDate, tokyoDateOf, type CalendarDate } from '../shared/calendar-date';
import { accept, assertNever, refuse, type CommandMetadata, type Decision } from '../shared/decision';
import type { ApplicantType, Procedure, Visit } from '../shared/procedures';
import {
  CASE_ABANDON_REASONS,
  type CaseAbandonReason,
  type CaseEvent,
  type CaseFile,
  type CaseOutcome,
  type CaseRecordedDocument,
  type CaseRejectedDocument,
  type CaseState,
  type CaseTriesLeft,
} from './case.events';
import { inquiryLetterDeadline, type CaseSettings, DEFAULT_CASE_SETTINGS } from './case.settings';
import { inquiryLetterReference } from './inquiry-letter-reference';
import { cardStepRefusal, DOCUMENT_OWNERS, missingRequirements } from './case.card-steps';

type CaseCommandOf<Type extends string, Data> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;
type NoData = Record<string, never>;

export type OpenCase = CaseCommandOf<
  'OpenCase',
  {
    caseId: string;
    officeId: string;
    ticketNumber?: string;
    procedure: Procedure;
    applicant: ApplicantType;
    holder: HolderFacts;
  }
>;
export type RecordIdentityDocuments = CaseCommandOf<
  'RecordIdentityDocuments',
  { whose: DocumentOwner; documents: PresentedDocument[] }
>;
/** A document not on the list, accepted after the counter consulted 市民課. */
export type RecordSupervisorException = CaseCommandOf<
  'RecordSupervisorException',
  { supervisorId: string; reason: string }
>;
/** The proof of legal representation the representative brought, or the exemption the city confirmed. */
export type RecordRepresentationProof = CaseCommandOf<
  'RecordRepresentationProof',
  { proof: PresentedRepresentationProof }
>;
export type MailInquiryLetter = CaseCommandOf<'MailInquiryLetter', NoData>;
/** The proxy is back with the sealed letter; `ticketNumber` is the ticket of this second visit. */
export type RecordLetterReturned = CaseCommandOf<'RecordLetterReturned', { ticketNumber?: string }>;
export type ExpireLetter = CaseCommandOf<'ExpireLetter', NoData>;
export type RecordCardChecked = CaseCommandOf<
  'RecordCardChecked',
  { triesLeft: Record<PinKind, number | null> }
>;
/** The card answered OK to the change of each of these PINs. */
export type RecordPinsChanged = CaseCommandOf<'RecordPinsChanged', { kinds: PinKind[] }>;
/** The old PIN was wrong: the card counted it as a failed try. */
export type RecordPinChangeFailed = CaseCommandOf<
  'RecordPinChangeFailed',
  { kind: PinKind; triesLeft: number }
>;
export type ContinueAsReset = CaseCommandOf<'ContinueAsReset', NoData>;
/**
 * The clerk reset these PINs on the J-LIS terminal (software cannot reset a card PIN); `triesLeft` is what
 * the card's counters read afterwards. Only counters back at their maximum make it a reset.
 */
export type RecordPinsReset = CaseCommandOf<
  'RecordPinsReset',
  { kinds: PinKind[]; triesLeft: Record<PinKind, number | null> }
>;
/** A supervisor accepts a reset the card could not confirm; the reason goes to the audit log. */
export type AcceptResetBySupervisor = CaseCommandOf<
  'AcceptResetBySupervisor',
  { kinds: PinKind[]; supervisorId: string; reason: string }
>;
/** The resident typed the new PIN after the reset and the card accepted it. */
export type RecordNewPinVerified = CaseCommandOf<'RecordNewPinVerified', { kind: PinKind }>;
/** The new PIN typed after the reset was wrong: the card counted a try. */
export type RecordNewPinVerificationFailed = CaseCommandOf<
  'RecordNewPinVerificationFailed',
  { kind: PinKind; triesLeft: number }
>;
export type CompleteCase = CaseCommandOf<'Complete', NoData>;
export type AbandonCase = CaseCommandOf<'Abandon', { reason: CaseAbandonReason }>;

export type CaseCommand =
  | OpenCase
  | RecordIdentityDocuments
  | RecordSupervisorException
  | RecordRepresentationProof
  | MailInquiryLetter
  | RecordLetterReturned
  | ExpireLetter
  | RecordCardChecked
  | RecordPinsChanged
  | RecordPinChangeFailed
  | ContinueAsReset
  | RecordPinsReset
  | AcceptResetBySupervisor
  | RecordNewPinVerified
  | RecordNewPinVerificationFailed
  | CompleteCase
  | AbandonCase;

const COMMAND_TYPES: Readonly<Record<CaseCommand['type'], true>> = {
  OpenCase: true,
  RecordIdentityDocuments: true,
  RecordSupervisorException: true,
  RecordRepresentationProof: true,
  MailInquiryLetter: true,
  RecordLetterReturned: true,
  ExpireLetter: true,
  RecordCardChecked: true,
  RecordPinsChanged: true,
  RecordPinChangeFailed: true,
  ContinueAsReset: true,
  RecordPinsReset: true,
  AcceptResetBySupervisor: true,
  RecordNewPinVerified: true,
  RecordNewPinVerificationFailed: true,
  Complete: true,
  Abandon: true,
};

export const CASE_COMMAND_TYPES: readonly CaseCommand['type'][] = Object.freeze(
  Object.keys(COMMAND_TYPES) as CaseCommand['type'][],
);

/** Long enough for a clerk's note on an unusual document, short enough to read in the audit log. */
export const SUPERVISOR_REASON_MAX_LENGTH = 500;

export type CaseRefusal =
  /** A field is missing or not of its type; `field` names it, the value is never echoed. */
  | { code: 'invalid-command'; field: string }
  | { code: 'case-not-open' }
  | { code: 'case-closed'; outcome: CaseOutcome }
  | { code: 'already-open' }
  | { code: 'not-eligible'; reasons: IneligibilityReason[] }
  | { code: 'no-identity-check-needed'; whose: DocumentOwner; visit: Visit; procedure: Procedure }
  | { code: 'supervisor-required' }
  | { code: 'reason-required'; maxLength: number }
  | { code: 'not-a-proxy-case' }
  | { code: 'identity-not-sufficient'; whose: DocumentOwner[] }
  | { code: 'letter-already-mailed' }
  | { code: 'letter-not-mailed' }
  | { code: 'letter-already-returned' }
  /** The letter goes by post to the holder and back: it cannot come back on the day it was mailed. */
  | { code: 'letter-returned-too-early'; mailedOn: CalendarDate }
  | { code: 'letter-deadline-passed'; deadline: CalendarDate }
  | { code: 'deadline-not-reached'; deadline: CalendarDate }
  | { code: 'letter-not-returned' }
  | { code: 'card-not-checked' }
  | { code: 'pin-not-present'; kind: PinKind }
  | { code: 'wrong-procedure'; procedure: Procedure }
  | { code: 'no-failed-change' }
  /** The old PIN failed: the case goes on only as a reset (ContinueAsReset), which asks for more. */
  | { code: 'change-failed' }
  | { code: 'no-card-operation' }
  | { code: 'no-representation-proof-needed' }
  | { code: 'representation-not-proven' }
  /** A reset is one only when the card's counters read full again, or a supervisor accepted it. */
  | { code: 'counters-not-confirmed'; kinds: PinKind[] }
  | { code: 'pin-not-reset'; kind: PinKind }
  /** In person, the resident verifies each new PIN on the card before the case is done. */
  | { code: 'new-pin-not-verified'; kinds: PinKind[] }
  /** A proxy case never completes on its application day (domain.md §2). */
  | { code: 'proxy-same-day'; appliedOn: CalendarDate }
  | { code: 'office-closed'; date: CalendarDate };

export type CaseDecision = Decision<CaseEvent, CaseRefusal>;

type OpenFile = CaseFile & { status: 'open' };

export function decideCase(
  command: CaseCommand,
  state: CaseState,
  settings: CaseSettings = DEFAULT_CASE_SETTINGS,
): CaseDecision {
  const malformed = malformedEnvelope(command);
  if (malformed) return refuse({ code: 'invalid-command', field: malformed });
  if (state.status === 'closed') return refuse({ code: 'case-closed', outcome: state.outcome });
  if (command.type === 'OpenCase') {
    return state.status === 'open' ? refuse({ code: 'already-open' }) : openCase(command);
  }
  if (state.status === 'not-opened') return refuse({ code: 'case-not-open' });

  switch (command.type) {
    case 'RecordIdentityDocuments':
      return recordIdentityDocuments(command, state, settings);
    case 'RecordSupervisorException':
      return recordSupervisorException(command, state);
    case 'RecordRepresentationProof':
      return recordRepresentationProof(command, state, settings);
    case 'MailInquiryLetter':
      return mailInquiryLetter(command, state, settings);
    case 'RecordLetterReturned':
      return recordLetterReturned(command, state);
    case 'ExpireLetter':
      return expireLetter(command, state);
    case 'RecordCardChecked':
      return recordCardChecked(command, state);
    case 'RecordPinsChanged':
      return recordPinsChanged(command, state, settings);
    case 'RecordPinChangeFailed':
      return recordPinChangeFailed(command, state, settings);
    case 'ContinueAsReset':
      return continueAsReset(command, state);
    case 'RecordPinsReset':
      return recordPinsReset(command, state, settings);
    case 'AcceptResetBySupervisor':
      return acceptResetBySupervisor(command, state, settings);
    case 'RecordNewPinVerified':
      return recordNewPinVerified(command, state, settings);
    case 'RecordNewPinVerificationFailed':
      return recordNewPinVerificationFailed(command, state, settings);
    case 'Complete':
      return complete(command, state, settings);
    case 'Abandon':
      return abandon(command);
    default:
      return assertNever(command);
  }
}

// ---------------------------------------------------------------------------------------------------
// Commands

function openCase({ data, metadata }: OpenCase): CaseDecision {
  if (!isNonEmptyString(data.caseId)) return invalid('data.caseId');
  if (!isNonEmptyString(data.officeId)) return invalid('data.officeId');
  if (data.ticketNumber !== undefined && !isNonEmptyString(data.ticketNumber))
    return invalid('data.ticketNumber');
  const eligibility = assessEligibility({
    procedure: data.procedure,
    applicant: data.applicant,
    holder: data.holder,
  });
  if (!eligibility.eligible) return refuse({ code: 'not-eligible', reasons: eligibility.reasons });

  // Copied fact by fact: a register answer that is not `true` is taken as `false`, and nothing else
  // the caller put on the holder (a name, a number) reaches the event.
  const holder = data.holder as Partial<Record<keyof HolderFacts, unknown>>;
  return accept({
    type: 'CaseOpened',
    data: {
      caseId: data.caseId,
      officeId: data.officeId,
      ...(data.ticketNumber === undefined ? {} : { ticketNumber: data.ticketNumber }),
      procedure: data.procedure,
      applicant: data.applicant,
      holder: {
        registeredResident: holder.registeredResident === true,
        under15: holder.under15 === true,
        adultWard: holder.adultWard === true,
      },
      appliedOn: tokyoDateOf(metadata.now),
      at: metadata.now.toISOString(),
    },
  });
}

function recordIdentityDocuments(
  { data, metadata }: RecordIdentityDocuments,
  file: OpenFile,
  settings: CaseSettings,
): CaseDecision {
  if (!isDocumentOwner(data.whose)) return invalid('data.whose');
  if (!Array.isArray(data.documents)) return invalid('data.documents');
  const requirement = identityRequirementFor(
    file.procedure,
    file.applicant,
    file.visit,
    data.whose,
    settings.requirements,
  );
  if (requirement === undefined) {
    return refuse({
      code: 'no-identity-check-needed',
      whose: data.whose,
      visit: file.visit,
      procedure: file.procedure,
    });
  }
  const { rule, notCounted } = requirement;
  // The holder's own card (the one being handled) is set aside before the rule counts anything.
  const presented = data.documents as unknown[];
  const setAside = (doc: unknown) =>
    isDocumentCode((doc as Partial<PresentedDocument> | null)?.code) &&
    notCounted.includes((doc as PresentedDocument).code);
  const verdict = assessIdentity(presented.filter((doc) => !setAside(doc)) as PresentedDocument[], {
    asOf: tokyoDateOf(metadata.now),
    rule,
  });
  const holderCards: CaseRejectedDocument[] = presented
    .filter(setAside)
    .map((doc) => ({ code: (doc as PresentedDocument).code, reason: 'holder-card' as const }));
  return accept({
    type: 'IdentityDocumentsRecorded',
    data: {
      visit: file.visit,
      whose: data.whose,
      documents: presented.map(recordedDocument),
      rule,
      verdict: {
        sufficient: verdict.sufficient,
        counted: verdict.counted.map(({ code, category }) => ({ code, category })),
        rejected: [
          ...holderCards,
          ...verdict.rejected.map(({ code, reason }) =>
            code === null ? { code: null, reason: 'unknown-document' as const } : { code, reason },
          ),
        ],
      },
      at: metadata.now.toISOString(),
    },
  });
}

function recordSupervisorException(
  { data, metadata }: RecordSupervisorException,
  file: OpenFile,
): CaseDecision {
  const refusal = supervisorRefusal(data, metadata);
  if (refusal) return refuse(refusal);
  return accept({
    type: 'IdentityExceptionRecorded',
    data: {
      visit: file.visit,
      procedure: file.procedure,
      supervisorId: data.supervisorId,
      reason: data.reason.trim(),
      at: metadata.now.toISOString(),
    },
  });
}

function recordRepresentationProof(
  { data, metadata }: RecordRepresentationProof,
  file: OpenFile,
  settings: CaseSettings,
): CaseDecision {
  const item = requirementItemFor(
    PROOF_OF_REPRESENTATION,
    file.procedure,
    file.applicant,
    file.visit,
    settings.requirements,
  );
  if (!item) return refuse({ code: 'no-representation-proof-needed' });
  const proof = representationProofOf(data.proof);
  if (!proof) return invalid('data.proof');
  const verdict = assessRepresentationProof(proof, {
    holder: file.holder,
    asOf: tokyoDateOf(metadata.now),
    ...(item.issuedWithinMonths === undefined ? {} : { issuedWithinMonths: item.issuedWithinMonths }),
  });
  return accept({
    type: 'RepresentationProofRecorded',
    data: {
      proof,
      sufficient: verdict.sufficient,
      ...(verdict.sufficient ? {} : { rejection: verdict.reason }),
      at: metadata.now.toISOString(),
    },
  });
}

function mailInquiryLetter(
  { metadata }: MailInquiryLetter,
  file: OpenFile,
  settings: CaseSettings,
): CaseDecision {
  if (file.applicant !== 'proxy') return refuse({ code: 'not-a-proxy-case' });
  if (file.letter.status !== 'not-mailed') return refuse({ code: 'letter-already-mailed' });
  const missing = missingRequirements(file, settings);
  if (missing) return refuse(missing);
  return accept({
    type: 'InquiryLetterMailed',
    data: {
      mailedOn: tokyoDateOf(metadata.now),
      deadline: inquiryLetterDeadline(file.appliedOn, settings),
      reference: inquiryLetterReference(file.caseId),
      at: metadata.now.toISOString(),
    },
  });
}

function recordLetterReturned({ data, metadata }: RecordLetterReturned, file: OpenFile): CaseDecision {
  if (data.ticketNumber !== undefined && !isNonEmptyString(data.ticketNumber))
    return invalid('data.ticketNumber');
  if (file.applicant !== 'proxy') return refuse({ code: 'not-a-proxy-case' });
  if (file.letter.status === 'not-mailed') return refuse({ code: 'letter-not-mailed' });
  if (file.letter.status === 'returned') return refuse({ code: 'letter-already-returned' });
  const today = tokyoDateOf(metadata.now);
  const { deadline, mailedOn } = file.letter;
  // By post to the holder's registered address and back by the proxy: never the same day.
  if (today <= mailedOn) return refuse({ code: 'letter-returned-too-early', mailedOn });
  if (today > deadline) return refuse({ code: 'letter-deadline-passed', deadline });
  return accept({
    type: 'InquiryLetterReturned',
    data: {
      returnedOn: today,
      deadline,
      visit: 2,
      ...(data.ticketNumber === undefined ? {} : { ticketNumber: data.ticketNumber }),
      at: metadata.now.toISOString(),
    },
  });
}

function expireLetter({ metadata }: ExpireLetter, file: OpenFile): CaseDecision {
  if (file.applicant !== 'proxy') return refuse({ code: 'not-a-proxy-case' });
  if (file.letter.status === 'not-mailed') return refuse({ code: 'letter-not-mailed' });
  if (file.letter.status === 'returned') return refuse({ code: 'letter-already-returned' });
  const today = tokyoDateOf(metadata.now);
  const { deadline } = file.letter;
  // The deadline day itself still belongs to the holder.
  if (today <= deadline) return refuse({ code: 'deadline-not-reached', deadline });
  return accept({
    type: 'InquiryLetterExpired',
    data: { deadline, expiredOn: today, at: metadata.now.toISOString() },
  });
}

function recordCardChecked({ data, metadata }: RecordCardChecked, file: OpenFile): CaseDecision {
  const triesLeft = triesLeftOf(data.triesLeft);
  if (!triesLeft) return invalid('data.triesLeft');
  return accept({
    type: 'CardChecked',
    data: { visit: file.visit, triesLeft, at: metadata.now.toISOString() },
  });
}

// The outcome of a card step is recorded under the same rule that permitted the step: a refused step never
// reached the card, so there is nothing to record for it.

function recordPinsChanged(
  { data, metadata }: RecordPinsChanged,
  file: OpenFile,
  settings: CaseSettings,
): CaseDecision {
  const kinds = pinKindsOf(data.kinds);
  if (!kinds) return invalid('data.kinds');
  const refusal = cardStepRefusal(file, { step: 'change', kinds }, settings);
  if (refusal) return refuse(refusal);
  return accept({ type: 'PinsChanged', data: { kinds, at: metadata.now.toISOString() } });
}

function recordPinChangeFailed(
  { data, metadata }: RecordPinChangeFailed,
  file: OpenFile,
  settings: CaseSettings,
): CaseDecision {
  if (!isPinKind(data.kind)) return invalid('data.kind');
  // The failed entry has just cost a try, so a full counter cannot be the answer.
  if (!isWholeNumberBetween(data.triesLeft, 0, PIN_RETRY_LIMITS[data.kind] - 1))
    return invalid('data.triesLeft');
  const refusal = cardStepRefusal(file, { step: 'change', kinds: [data.kind] }, settings);
  if (refusal) return refuse(refusal);
  return accept({
    type: 'PinChangeFailed',
    data: { kind: data.kind, triesLeft: data.triesLeft, at: metadata.now.toISOString() },
  });
}

function continueAsReset({ metadata }: ContinueAsReset, file: OpenFile): CaseDecision {
  if (file.procedure !== 'pin-change') return refuse({ code: 'wrong-procedure', procedure: file.procedure });
  if (!file.pinChangeFailed) return refuse({ code: 'no-failed-change' });
  // Eligibility is not asked again: who may apply does not depend on the procedure (domain.md §2).
  return accept({
    type: 'CaseContinuedAsReset',
    data: { from: 'pin-change', to: 'pin-reset', at: metadata.now.toISOString() },
  });
}

function recordPinsReset(
  { data, metadata }: RecordPinsReset,
  file: OpenFile,
  settings: CaseSettings,
): CaseDecision {
  const kinds = pinKindsOf(data.kinds);
  if (!kinds) return invalid('data.kinds');
  const triesLeft = triesLeftOf(data.triesLeft);
  if (!triesLeft) return invalid('data.triesLeft');
  const refusal = cardStepRefusal(file, { step: 'reset', kinds }, settings);
  if (refusal) return refuse(refusal);
  const at = metadata.now.toISOString();
  const notFull = kinds.filter((kind) => triesLeft[kind] !== PIN_RETRY_LIMITS[kind]);
  if (notFull.length > 0) {
    return accept({ type: 'PinResetNotConfirmed', data: { kinds, notFull, triesLeft, at } });
  }
  return accept(
    { type: 'PinsReset', data: { kinds, at } },
    { type: 'CountersConfirmed', data: { triesLeft, at } },
  );
}

function acceptResetBySupervisor(
  { data, metadata }: AcceptResetBySupervisor,
  file: OpenFile,
  settings: CaseSettings,
): CaseDecision {
  const kinds = pinKindsOf(data.kinds);
  if (!kinds) return invalid('data.kinds');
  const supervisor = supervisorRefusal(data, metadata);
  if (supervisor) return refuse(supervisor);
  // Everything a reset needs but the card's word: identity, proof, the second visit.
  const refusal = cardStepRefusal(file, { step: 'reset', kinds }, settings, { cardRead: false });
  if (refusal) return refuse(refusal);
  return accept({
    type: 'ResetAcceptedBySupervisor',
    data: {
      kinds,
      supervisorId: data.supervisorId,
      reason: data.reason.trim(),
      at: metadata.now.toISOString(),
    },
  });
}

function recordNewPinVerified(
  { data, metadata }: RecordNewPinVerified,
  file: OpenFile,
  settings: CaseSettings,
): CaseDecision {
  if (!isPinKind(data.kind)) return invalid('data.kind');
  const refusal = cardStepRefusal(file, { step: 'verify-new-pin', kinds: [data.kind] }, settings);
  if (refusal) return refuse(refusal);
  return accept({ type: 'NewPinVerified', data: { kind: data.kind, at: metadata.now.toISOString() } });
}

function recordNewPinVerificationFailed(
  { data, metadata }: RecordNewPinVerificationFailed,
  file: OpenFile,
  settings: CaseSettings,
): CaseDecision {
  if (!isPinKind(data.kind)) return invalid('data.kind');
  if (!isWholeNumberBetween(data.triesLeft, 0, PIN_RETRY_LIMITS[data.kind] - 1))
    return invalid('data.triesLeft');
  const refusal = cardStepRefusal(file, { step: 'verify-new-pin', kinds: [data.kind] }, settings);
  if (refusal) return refuse(refusal);
  return accept({
    type: 'NewPinVerificationFailed',
    data: { kind: data.kind, triesLeft: data.triesLeft, at: metadata.now.toISOString() },
  });
}

function complete({ metadata }: CompleteCase, file: OpenFile, settings: CaseSettings): CaseDecision {
  if (file.applicant === 'proxy' && file.visit === 1) return refuse({ code: 'letter-not-returned' });
  const today = tokyoDateOf(metadata.now);
  if (file.applicant === 'proxy' && today <= file.appliedOn) {
    return refuse({ code: 'proxy-same-day', appliedOn: file.appliedOn });
  }
  const missing = missingRequirements(file, settings);
  if (missing) return refuse(missing);
  if (file.procedure === 'pin-change') {
    if (file.pinChangeFailed) return refuse({ code: 'change-failed' });
    if (file.pinsChanged.length === 0) return refuse({ code: 'no-card-operation' });
  } else {
    const refusal = resetCompletionRefusal(file);
    if (refusal) return refuse(refusal);
  }
  // The card was handled at the counter, so the case cannot be closed as done outside opening hours.
  if (!isOpenAt(metadata.now, settings.calendar)) return refuse({ code: 'office-closed', date: today });
  return accept({
    type: 'CaseCompleted',
    data: {
      procedure: file.procedure,
      visit: file.visit,
      identityByException: file.identityException,
      at: metadata.now.toISOString(),
    },
  });
}

function abandon({ data, metadata }: AbandonCase): CaseDecision {
  if (!CASE_ABANDON_REASONS.includes(data.reason)) return invalid('data.reason');
  return accept({ type: 'CaseAbandoned', data: { reason: data.reason, at: metadata.now.toISOString() } });
}

// ---------------------------------------------------------------------------------------------------
// Rules shared by several commands

const PROOF_OF_REPRESENTATION = 'proof-of-representation';

/**
 * A reset is done when every PIN reset has its counters confirmed full (or a supervisor accepted it) and,
 * when the resident is at the counter, each new PIN was verified on the card. A proxy's holder is not there
 * to type it: the new PIN came sealed in the letter.
 */
function resetCompletionRefusal(file: CaseFile): CaseRefusal | undefined {
  if (file.pinsReset.length === 0) {
    return file.pinsResetNotConfirmed.length > 0
      ? { code: 'counters-not-confirmed', kinds: file.pinsResetNotConfirmed }
      : { code: 'no-card-operation' };
  }
  const unconfirmed = file.pinsReset.filter(
    (kind) =>
      !file.pinsResetBySupervisor.includes(kind) && file.countersConfirmed?.[kind] !== PIN_RETRY_LIMITS[kind],
  );
  if (file.pinsResetNotConfirmed.length > 0 || unconfirmed.length > 0) {
    return {
      code: 'counters-not-confirmed',
      kinds: [...new Set([...file.pinsResetNotConfirmed, ...unconfirmed])],
    };
  }
  if (file.applicant !== 'proxy') {
    const unverified = file.pinsReset.filter(
      (kind) => !file.newPinsVerified.includes(kind) && !file.pinsResetBySupervisor.includes(kind),
    );
    if (unverified.length > 0) return { code: 'new-pin-not-verified', kinds: unverified };
  }
  return undefined;
}

function supervisorRefusal(
  data: { supervisorId: unknown; reason: unknown },
  metadata: CommandMetadata,
): CaseRefusal | undefined {
  // The audit log names who accepted it, so it must be the supervisor issuing the command.
  if (metadata.actor.kind !== 'supervisor' || data.supervisorId !== metadata.actor.id) {
    return { code: 'supervisor-required' };
  }
  const reason = typeof data.reason === 'string' ? data.reason.trim() : '';
  if (reason === '' || [...reason].length > SUPERVISOR_REASON_MAX_LENGTH) {
    return { code: 'reason-required', maxLength: SUPERVISOR_REASON_MAX_LENGTH };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Input checks: the value of a bad field is never echoed, since a PIN may have been typed into any field.

function malformedEnvelope(command: CaseCommand): string | undefined {
  const raw = command as unknown as Partial<Record<'type' | 'data' | 'metadata', unknown>> | null;
  if (raw === null || typeof raw !== 'object') return 'command';
  if (typeof raw.type !== 'string' || !Object.hasOwn(COMMAND_TYPES, raw.type)) return 'type';
  if (raw.data === null || typeof raw.data !== 'object') return 'data';
  const metadata = raw.metadata as Partial<CommandMetadata> | null | undefined;
  if (metadata === null || typeof metadata !== 'object') return 'metadata';
  if (!(metadata.now instanceof Date) || Number.isNaN(metadata.now.getTime())) return 'metadata.now';
  const actor = metadata.actor as Partial<CommandMetadata['actor']> | null | undefined;
  if (
    actor === null ||
    typeof actor !== 'object' ||
    typeof actor.kind !== 'string' ||
    !isNonEmptyString(actor.id)
  ) {
    return 'metadata.actor';
  }
  return undefined;
}

function invalid(field: string): CaseDecision {
  return refuse({ code: 'invalid-command', field });
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isDocumentOwner(value: unknown): value is DocumentOwner {
  return DOCUMENT_OWNERS.includes(value as DocumentOwner);
}

function isWholeNumberBetween(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Distinct kinds in the card's order, or `undefined` for an empty or unknown list. */
function pinKindsOf(value: unknown): PinKind[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPinKind)) return undefined;
  return PIN_KINDS.filter((kind) => value.includes(kind));
}

/** A counter per PIN within its limit; only the signing PIN may be absent (`null`). */
function triesLeftOf(value: unknown): CaseTriesLeft | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const reading = value as Partial<Record<PinKind, unknown>>;
  const triesLeft: Partial<Record<PinKind, number | null>> = {};
  for (const kind of PIN_KINDS) {
    const tries = reading[kind];
    if (tries === null && kind === 'signing-certificate') triesLeft[kind] = null;
    else if (isWholeNumberBetween(tries, 0, PIN_RETRY_LIMITS[kind])) triesLeft[kind] = tries;
    else return undefined;
  }
  return triesLeft as CaseTriesLeft;
}

/** A certificate code with its original flag and issue day, or an exemption code; nothing else is kept. */
function representationProofOf(value: unknown): PresentedRepresentationProof | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const raw = value as Partial<Record<'document' | 'original' | 'issuedOn' | 'exemption', unknown>>;
  if (raw.exemption !== undefined) {
    return raw.document === undefined && isRepresentationExemption(raw.exemption)
      ? { exemption: raw.exemption }
      : undefined;
  }
  if (!isRepresentationProofCode(raw.document) || typeof raw.original !== 'boolean') return undefined;
  if (raw.issuedOn !== undefined && !isCalendarDate(raw.issuedOn)) return undefined;
  return {
    document: raw.document,
    original: raw.original,
    ...(raw.issuedOn === undefined ? {} : { issuedOn: raw.issuedOn }),
  };
}

/** Only what the identity rule looks at; free text that is not a listed code or a date is dropped. */
function recordedDocument(value: unknown): CaseRecordedDocument {
  const doc = (value !== null && typeof value === 'object' ? value : {}) as Partial<
    Record<keyof PresentedDocument, unknown>
  >;
  return {
    code: isDocumentCode(doc.code) ? doc.code : null,
    original: doc.original === true,
    ...(isCalendarDate(doc.expiresOn) ? { expiresOn: doc.expiresOn } : {}),
    ...(isCalendarDate(doc.issuedOn) ? { issuedOn: doc.issuedOn } : {}),
    ...(typeof doc.hasPhoto === 'boolean' ? { hasPhoto: doc.hasPhoto } : {}),
  };
}
