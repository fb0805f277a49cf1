import type { PinKind, PinRefusal, TriesLeft } from '@madoguchi/domain';
import type { TransportFailure } from '../transport/card-transport-error';

/**
 * What a card operation can come to. Every outcome says exactly what happened to the card, because the clerk
 * and the resident decide the next step from it: a try counted or not, a PIN changed or not, or unknown.
 */

/** Refused before any APDU: nothing reached the card. */
export type PinRefused =
  | { outcome: 'malformed-pin'; kind: PinKind; which: 'pin' | 'old-pin' | 'new-pin'; reason: PinRefusal }
  /** One try left and the clerk has not confirmed: a wrong PIN now would lock it (driver rule 2). */
  | { outcome: 'last-try-needs-confirmation'; kind: PinKind; triesLeft: 1 };

/** The card could not be reached before anything that counts a try was sent. */
export interface CardUnavailable {
  outcome: 'card-unavailable';
  failure: TransportFailure;
  message: string;
}

/**
 * The connection failed while a verify or change was on its way: the card may have counted the try or changed
 * the PIN. Never retried automatically (driver rule 3); read the counters to learn where the card stands.
 */
export interface OutcomeUnknown {
  outcome: 'outcome-unknown';
  kind: PinKind;
  step: 'verify' | 'change';
  message: string;
}

/** The card answered a status word this step does not expect: stopped, never guessed. */
export interface Aborted {
  outcome: 'aborted';
  step: string;
  statusWord: string;
  meaning: string;
}

export type CardFailure = CardUnavailable | OutcomeUnknown | Aborted;

export type VerifyOutcome =
  | { outcome: 'verified'; kind: PinKind }
  /** A wrong PIN was counted; `triesLeft` 0 means this attempt locked the PIN. */
  | { outcome: 'wrong-pin'; kind: PinKind; triesLeft: number }
  | { outcome: 'locked'; kind: PinKind }
  /** The card has no such PIN (no signing certificate). */
  | { outcome: 'not-present'; kind: PinKind }
  | PinRefused
  | CardFailure;

export type ChangeOutcome =
  { outcome: 'changed'; kind: PinKind } | Exclude<VerifyOutcome, { outcome: 'verified' }>;

/** "Change all three 4-digit PINs": which changed, which one stopped the batch and why, which were not tried. */
export interface FourDigitChangeReport {
  changed: PinKind[];
  failed?: { kind: PinKind; result: Exclude<ChangeOutcome, { outcome: 'changed' }> };
  notAttempted: PinKind[];
}

export type TriesLeftReading = { outcome: 'read'; triesLeft: TriesLeft } | CardUnavailable | Aborted;

export type CardIdentity =
  | { outcome: 'identified'; token: 'my-number-card' | 'resident-registry-card' | 'unknown' }
  | CardUnavailable
  | Aborted;

/** After a reset on the J-LIS terminal: are the counters of the reset PINs full again? */
export type CounterConfirmation =
  /** `absent`: PINs asked about that the card does not have (no signing certificate); they need no reset. */
  | { outcome: 'full'; triesLeft: TriesLeft; absent: PinKind[] }
  | { outcome: 'not-full'; triesLeft: TriesLeft; notFull: PinKind[]; absent: PinKind[] }
  | CardUnavailable
  | Aborted;
