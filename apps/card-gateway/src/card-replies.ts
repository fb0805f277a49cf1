import {
  type CardGatewayError,
  type CardGatewayEvent,
  type CardOperation,
  PIN_NAMES,
  PIN_RETRY_LIMITS,
  type PinField,
  type PinKind,
  type PinRefusal,
} from '@madoguchi/domain';
import type {
  Aborted,
  CardUnavailable,
  ChangeOutcome,
  OutcomeUnknown,
  VerifyOutcome,
} from './card/protocol/pin-outcomes';

/**
 * How the protocol's outcomes become reply errors and facts. Pure: the same outcome always gives the same
 * answer, and nothing here can see a PIN (outcomes carry none). Messages name the PIN and what happened to
 * the card, never an input value.
 */

/** Every outcome of a PIN step that is not a success. */
export type PinStepFailure = Exclude<ChangeOutcome, { outcome: 'changed' }>;
export type CardProblem = CardUnavailable | Aborted;

/** Where the facts of one request go: the reader, and the case when the request named one. */
export interface FactContext {
  readerId: string;
  caseId?: string | undefined;
  operation: CardOperation;
}

export function pinName(kind: PinKind): string {
  return PIN_NAMES[kind].en;
}

export function cardProblemError(problem: CardProblem): CardGatewayError {
  if (problem.outcome === 'aborted') return abortedError(problem);
  switch (problem.failure) {
    case 'no-reader':
      return { code: 'no-reader', message: problem.message };
    case 'driver-unavailable':
      return { code: 'no-reader', message: `the reader's driver is not available: ${problem.message}` };
    case 'no-card':
      return { code: 'no-card', message: problem.message };
    case 'connection-lost':
      return {
        code: 'card-removed',
        message: `the card was removed or stopped answering before any PIN was sent (${problem.message})`,
      };
    case 'card-in-use':
      return { code: 'card-error', message: `another program holds the card (${problem.message})` };
    case 'session-closed':
      return { code: 'card-error', message: `the card session ended early (${problem.message})` };
  }
}

function abortedError(problem: Aborted): CardGatewayError {
  return {
    code: 'card-error',
    statusWord: problem.statusWord,
    step: problem.step,
    message: `the card answered ${problem.statusWord} (${problem.meaning}) to "${problem.step}"; stopped there`,
  };
}

/**
 * The reply error for a failed verify or change step. `fieldOf` names the request field a malformed PIN came
 * from; `triesLeftAfter` is the counter read again after an unknown outcome, when the card still answered.
 */
export function pinStepError(
  failure: PinStepFailure,
  fieldOf: (which: 'pin' | 'old-pin' | 'new-pin', kind: PinKind) => PinField,
  triesLeftAfter?: number | null,
): CardGatewayError {
  switch (failure.outcome) {
    case 'malformed-pin':
      return {
        code: 'malformed-pin',
        field: fieldOf(failure.which, failure.kind),
        kind: failure.kind,
        reason: failure.reason,
        message: `${fieldOf(failure.which, failure.kind)}: the ${pinName(failure.kind)} ${refusalText(failure.kind, failure.reason)}; nothing was sent to the card`,
      };
    case 'last-try-needs-confirmation':
      return {
        code: 'last-try-needs-confirmation',
        kind: failure.kind,
        triesLeft: 1,
        message: `only one try is left for the ${pinName(failure.kind)}: a wrong PIN would lock it; the clerk must confirm (confirmedLastTry)`,
      };
    case 'wrong-pin':
      return {
        code: 'wrong-pin',
        kind: failure.kind,
        triesLeft: failure.triesLeft,
        message:
          failure.triesLeft === 0
            ? `wrong ${pinName(failure.kind)}: this attempt locked it`
            : `wrong ${pinName(failure.kind)}: ${failure.triesLeft} tries left`,
      };
    case 'locked':
      return {
        code: 'locked',
        kind: failure.kind,
        message: `the ${pinName(failure.kind)} is locked; only the J-LIS terminal can reset it`,
      };
    case 'not-present':
      return {
        code: 'not-present',
        kind: failure.kind,
        message: `the card has no ${pinName(failure.kind)} (no signing certificate)`,
      };
    case 'outcome-unknown':
      return {
        code: 'outcome-unknown',
        kind: failure.kind,
        step: failure.step,
        ...(triesLeftAfter === undefined ? {} : { triesLeft: triesLeftAfter }),
        message:
          `the connection failed during the ${failure.step} of the ${pinName(failure.kind)}: the card may have ` +
          `${failure.step === 'verify' ? 'counted the try' : 'changed the PIN'}; it was not retried`,
      };
    case 'card-unavailable':
    case 'aborted':
      return cardProblemError(failure);
  }
}

function refusalText(kind: PinKind, reason: PinRefusal): string {
  const signing = kind === 'signing-certificate';
  switch (reason) {
    case 'length':
      return signing ? 'must have 6 to 16 characters' : 'must have exactly 4 digits';
    case 'characters':
      return signing
        ? 'may hold only half-width letters A-Z and digits 0-9'
        : 'may hold only half-width digits 0-9';
    case 'letter-and-digit':
      return 'must hold at least one letter and one digit';
  }
}

function base(context: FactContext): { readerId: string; caseId?: string } {
  return context.caseId === undefined
    ? { readerId: context.readerId }
    : { readerId: context.readerId, caseId: context.caseId };
}

/** The facts of a verify (alone, or the verify step of a change or a read-info). */
export function verifyFacts(context: FactContext, outcome: VerifyOutcome): CardGatewayEvent[] {
  if (outcome.outcome === 'verified') {
    return [{ type: 'PinVerified', data: { ...base(context), kind: outcome.kind } }];
  }
  return pinStepFailureFacts(context, outcome);
}

export function changeFacts(context: FactContext, outcome: ChangeOutcome): CardGatewayEvent[] {
  if (outcome.outcome === 'changed') {
    return [{ type: 'PinChanged', data: { ...base(context), kind: outcome.kind } }];
  }
  return pinStepFailureFacts(context, outcome);
}

/** Only what happened on the card becomes a fact; a refusal before any APDU leaves none. */
export function pinStepFailureFacts(context: FactContext, failure: PinStepFailure): CardGatewayEvent[] {
  switch (failure.outcome) {
    case 'wrong-pin': {
      const failed: CardGatewayEvent = {
        type: 'PinVerificationFailed',
        data: { ...base(context), kind: failure.kind, triesLeft: failure.triesLeft },
      };
      return failure.triesLeft === 0
        ? [failed, { type: 'PinLocked', data: { ...base(context), kind: failure.kind } }]
        : [failed];
    }
    case 'outcome-unknown':
      return [unknownOutcomeFact(context, failure)];
    case 'card-unavailable':
    case 'aborted':
      return cardProblemFacts(context, failure);
    case 'malformed-pin':
    case 'last-try-needs-confirmation':
    case 'locked':
    case 'not-present':
      return [];
  }
}

function unknownOutcomeFact(context: FactContext, failure: OutcomeUnknown): CardGatewayEvent {
  return {
    type: 'CardOperationAborted',
    data: {
      ...base(context),
      operation: context.operation,
      reason: `outcome unknown: the connection failed during the ${failure.step} of ${failure.kind}`,
    },
  };
}

/** A card that answered wrongly, or left in the middle, is worth a fact; one that was never there is not. */
export function cardProblemFacts(context: FactContext, problem: CardProblem): CardGatewayEvent[] {
  if (problem.outcome === 'aborted') {
    return [
      {
        type: 'CardOperationAborted',
        data: {
          ...base(context),
          operation: context.operation,
          statusWord: problem.statusWord,
          reason: `${problem.step}: ${problem.meaning}`,
        },
      },
    ];
  }
  if (problem.failure !== 'connection-lost') return [];
  return [
    {
      type: 'CardOperationAborted',
      data: {
        ...base(context),
        operation: context.operation,
        reason: 'the card was removed or stopped answering',
      },
    },
  ];
}

/** A correct PIN restores the counter to its maximum (card.md). */
export function triesAfterVerify(kind: PinKind): number {
  return PIN_RETRY_LIMITS[kind];
}
