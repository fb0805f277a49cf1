import type { PinKind } from '../pin/pin-policy';

/** Tries left per PIN as the card reports them; `null` when the card has no such PIN (no signing certificate). */
export type TriesLeft = Record<PinKind, number | null>;

/**
 * Facts the card gateway publishes. They carry which PIN and how many tries are left, never a PIN and never
 * a My Number: a card's identity travels only as a keyed hash (HMAC with a configured secret).
 */
export type CardGatewayEvent =
  | { type: 'ReaderAttached'; data: { readerId: string; readerName: string } }
  | { type: 'ReaderDetached'; data: { readerId: string } }
  | {
      type: 'CardInserted';
      data: { readerId: string; token: 'my-number-card' | 'resident-registry-card' | 'unknown' };
    }
  | { type: 'CardRemoved'; data: { readerId: string } }
  | { type: 'PinTriesRead'; data: { readerId: string; caseId?: string; triesLeft: TriesLeft } }
  | { type: 'PinVerified'; data: { readerId: string; caseId?: string; kind: PinKind } }
  | {
      type: 'PinVerificationFailed';
      data: { readerId: string; caseId?: string; kind: PinKind; triesLeft: number };
    }
  | { type: 'PinLocked'; data: { readerId: string; caseId?: string; kind: PinKind } }
  | { type: 'PinChanged'; data: { readerId: string; caseId?: string; kind: PinKind } }
  | {
      type: 'PinResetRecorded';
      data: { readerId: string; caseId?: string; kinds: PinKind[]; clerkId: string };
    }
  /** After a PinResetRecorded: the counters of the reset PINs were read back and are full again. */
  | {
      type: 'PinResetConfirmed';
      data: { readerId: string; caseId?: string; kinds: PinKind[]; clerkId: string };
    }
  | {
      type: 'CardOperationAborted';
      data: { readerId: string; caseId?: string; operation: string; statusWord?: string; reason: string };
    };

export const CARD_GATEWAY_EVENT_SCHEMA_VERSIONS: { [K in CardGatewayEvent['type']]: number } = {
  ReaderAttached: 1,
  ReaderDetached: 1,
  CardInserted: 1,
  CardRemoved: 1,
  PinTriesRead: 1,
  PinVerified: 1,
  PinVerificationFailed: 1,
  PinLocked: 1,
  PinChanged: 1,
  PinResetRecorded: 1,
  PinResetConfirmed: 1,
  CardOperationAborted: 1,
};
