import type { PinKind, PinRefusal } from '../pin/pin-policy';
import type { TriesLeft } from './card-events';
import { CARD_GATEWAY_SUBJECTS } from './subjects';

/**
 * The card gateway's request-reply API over NATS: one subject per operation and reader
 * (`card.<readerId>.<operation>`) plus `card-gateway.readers`, each with its request and reply type.
 *
 * Requests use Nest's NATS envelope (`{ pattern, data, id }`, what `ClientProxy.send` sends); a plain NATS request
 * whose body is the request itself is answered too, inside Nest's reply envelope (`{ id, response, isDisposed }`).
 * A reader nobody serves has no subscriber: NATS answers "no responders" (Nest's client rejects with an empty
 * response) or the request times out; a client maps either to `unknown-reader`.
 *
 * PINs travel only in requests. No reply, fact or error message carries a PIN or a My Number.
 */
export const CARD_OPERATIONS = ['status', 'verify', 'change', 'reset-recorded', 'read-info'] as const;
export type CardOperation = (typeof CARD_OPERATIONS)[number];

export const CARD_GATEWAY_READERS_SUBJECT = 'card-gateway.readers';

/** `card.<readerId>.<operation>` (before any run-time NATS_SUBJECT_PREFIX). */
export function cardOperationSubject(readerId: string, operation: CardOperation): string {
  return CARD_GATEWAY_SUBJECTS.operation(readerId, operation);
}

/** Replicas of one reader's gateway share its requests; every reader answers `card-gateway.readers` once. */
export function cardGatewayQueueGroup(readerId: string): string {
  return `card-gateway.${readerId}`;
}

/** The three 4-digit PINs, changed together by `{ kind: 'all-four-digit' }`. */
export type FourDigitPinKind = 'user-certificate' | 'resident-registry' | 'card-info-input';

export type CardToken = 'my-number-card' | 'resident-registry-card' | 'unknown';

// ---------------------------------------------------------------------------------------------- requests

/** `caseId`, where a request has one, is copied into the facts so the case's trail shows the card steps. */
export interface StatusRequest {
  /** With a case, the tries read are recorded as a PinTriesRead fact (the counters before a reset or change). */
  caseId?: string;
}

export interface VerifyRequest {
  kind: PinKind;
  pin: string;
  /** The clerk confirmed going on although only one try is left: a wrong PIN now locks it. */
  confirmedLastTry?: boolean;
  caseId?: string;
}

export interface ChangeOnePinRequest {
  kind: PinKind;
  oldPin: string;
  newPin: string;
  confirmedLastTry?: boolean;
  caseId?: string;
}

/**
 * Sets the three 4-digit PINs to one new value: three verify + change sequences, stopped at the first failure.
 * The old PINs are either one value for all three (`oldPin`) or one per PIN (`oldPins`), never both.
 */
export interface ChangeFourDigitPinsRequest {
  kind: 'all-four-digit';
  oldPin?: string;
  oldPins?: Record<FourDigitPinKind, string>;
  newPin: string;
  /** `true` for all three, or the PINs whose last try the clerk confirmed. */
  confirmedLastTry?: boolean | FourDigitPinKind[];
  caseId?: string;
}

export type ChangeRequest = ChangeOnePinRequest | ChangeFourDigitPinsRequest;

/**
 * The clerk reset these PINs on the J-LIS terminal (no software of ours can reset a real card): the gateway
 * records it and reads the counters to confirm they are full again.
 */
export interface ResetRecordedRequest {
  kinds: PinKind[];
  clerkId: string;
  caseId?: string;
}

/** Verifies the card-info-input PIN and reads name, address, birth date and sex. */
export interface ReadInfoRequest {
  pin: string;
  confirmedLastTry?: boolean;
  caseId?: string;
}

export type ReadersRequest = Record<string, never>;

// ---------------------------------------------------------------------------------------------- errors

/** The closed set of error codes of every card gateway reply. */
export const CARD_GATEWAY_ERROR_CODES = [
  'invalid-request',
  'unknown-reader',
  'no-reader',
  'no-card',
  'card-removed',
  'malformed-pin',
  'last-try-needs-confirmation',
  'wrong-pin',
  'locked',
  'not-present',
  'outcome-unknown',
  'card-error',
] as const;
export type CardGatewayErrorCode = (typeof CARD_GATEWAY_ERROR_CODES)[number];

/** Which request field a PIN error is about (`oldPins.<kind>` for a per-PIN old PIN of a batch change). */
export type PinField = 'pin' | 'oldPin' | 'newPin' | `oldPins.${FourDigitPinKind}`;

/** `message` is for the clerk's screen and the log: it never repeats a PIN or any other input value. */
export type CardGatewayError =
  /** The request does not have the shape of its operation; nothing was sent to the card. */
  | { code: 'invalid-request'; message: string; field: string }
  | { code: 'unknown-reader'; message: string; readerId: string }
  /** The reader is not attached, or its driver (pcscd, the `smartcard` package) is not available. */
  | { code: 'no-reader'; message: string }
  | { code: 'no-card'; message: string }
  /** The card left the reader (or stopped answering) before anything that counts a try was sent. */
  | { code: 'card-removed'; message: string }
  /** Refused before any APDU: a PIN of the wrong format could still cost a try on the card. */
  | { code: 'malformed-pin'; message: string; field: PinField; kind: PinKind; reason: PinRefusal }
  /** One try left and the request lacks the clerk's `confirmedLastTry`; nothing was sent. */
  | { code: 'last-try-needs-confirmation'; message: string; kind: PinKind; triesLeft: 1 }
  /** The card counted a wrong PIN; `triesLeft` 0 means this attempt locked it. */
  | { code: 'wrong-pin'; message: string; kind: PinKind; triesLeft: number }
  /** The PIN is locked; only the J-LIS terminal can reset it. */
  | { code: 'locked'; message: string; kind: PinKind }
  /** The card has no such PIN (no signing certificate). */
  | { code: 'not-present'; message: string; kind: PinKind }
  /**
   * The connection failed while a verify or change was on its way: the card may have counted the try or changed
   * the PIN. Never retried; `triesLeft` is the counter read again afterwards when the card still answered.
   */
  | {
      code: 'outcome-unknown';
      message: string;
      kind: PinKind;
      step: 'verify' | 'change';
      triesLeft?: number | null;
    }
  /** The card answered something this step does not expect (`statusWord`), or its data was unreadable. */
  | { code: 'card-error'; message: string; statusWord?: string; step?: string };

export interface CardGatewayFailure<Error extends CardGatewayError = CardGatewayError> {
  ok: false;
  error: Error;
}

// ---------------------------------------------------------------------------------------------- replies

export interface StatusResult {
  ok: true;
  readerId: string;
  readerName: string;
  readerAttached: boolean;
  cardPresent: boolean;
  /** Present when a card is in the reader; `triesLeft` only for a My Number card. */
  card?: { token: CardToken; triesLeft?: TriesLeft };
}

export interface VerifyResult {
  ok: true;
  kind: PinKind;
  /** A correct PIN restores the counter to its maximum. */
  triesLeft: number;
}

/** Exactly which PINs changed; on failure, which PIN's step failed and which were never tried. */
export interface ChangeResult {
  ok: true;
  changed: PinKind[];
}

export interface ChangeFailure extends CardGatewayFailure {
  changed: PinKind[];
  /** The PIN whose verify or change failed, when the failure belongs to one. */
  failed?: PinKind;
  notAttempted: PinKind[];
}

export interface ResetRecordedResult {
  ok: true;
  kinds: PinKind[];
  /** Every present PIN among `kinds` is at its maximum again. */
  countersFull: boolean;
  notFull: PinKind[];
  /** PINs asked about that the card does not have (no signing certificate); they need no reset. */
  absent: PinKind[];
  triesLeft: TriesLeft;
}

export interface ReadInfoResult {
  ok: true;
  name: string;
  address: string;
  /** YYYY-MM-DD when the card holds 8 digits, else the card's text as is. */
  birthDate: string;
  sex: 'male' | 'female' | 'not-applicable';
  /** Shows that a My Number was read, and nothing of it. */
  maskedMyNumber: string;
  /** HMAC-SHA256 of the My Number under the gateway's MY_NUMBER_HASH_KEY, hex. */
  myNumberHash: string;
}

export interface ReaderSummary {
  readerId: string;
  readerName: string;
  driver: 'simulator' | 'pcsc';
  readerAttached: boolean;
  cardPresent: boolean;
}

export interface ReadersResult {
  ok: true;
  readers: ReaderSummary[];
}

export type StatusReply = StatusResult | CardGatewayFailure;
export type VerifyReply = VerifyResult | CardGatewayFailure;
export type ChangeReply = ChangeResult | ChangeFailure;
export type ResetRecordedReply = ResetRecordedResult | CardGatewayFailure;
export type ReadInfoReply = ReadInfoResult | CardGatewayFailure;
export type ReadersReply = ReadersResult | CardGatewayFailure;

/** The typed map from each operation to its request and reply (house style: one map, one typed request). */
export interface CardGatewayApi {
  status: { request: StatusRequest; reply: StatusReply };
  verify: { request: VerifyRequest; reply: VerifyReply };
  change: { request: ChangeRequest; reply: ChangeReply };
  'reset-recorded': { request: ResetRecordedRequest; reply: ResetRecordedReply };
  'read-info': { request: ReadInfoRequest; reply: ReadInfoReply };
}

export type CardRequest<Operation extends CardOperation> = CardGatewayApi[Operation]['request'];
export type CardReply<Operation extends CardOperation> = CardGatewayApi[Operation]['reply'];
