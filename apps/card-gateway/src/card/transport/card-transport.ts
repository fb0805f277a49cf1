/**
 * How the gateway reaches one card reader, whatever drives it (PC/SC or the in-process simulator).
 *
 * A PIN operation is select → verify → change on one connection: the card forgets a verification when the
 * connection is reset or another application is selected, and another program talking to the card in between
 * could use or spoil it. So every operation runs inside `withExclusiveSession`, which holds the card for that
 * operation alone, and a session sends one APDU at a time (driver rule 4).
 */
export interface CardSession {
  /** Sends one command APDU and resolves with the response APDU (data, then SW1 SW2). */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

export interface CardTransport {
  readonly readerName: string;
  /** Whether the reader is attached and holds a card, as last reported by the driver. */
  presence(): { readerAttached: boolean; cardPresent: boolean };
  /**
   * Runs `work` with the card held exclusively; sessions queue one behind the other. When the session ends the
   * card is reset, so no verification outlives the operation that made it.
   */
  withExclusiveSession<T>(work: (session: CardSession) => Promise<T>): Promise<T>;
  /** Reader and card events; returns the function that unsubscribes. */
  onPresence(listener: PresenceListener): () => void;
  close(): Promise<void>;
}

export type PresenceEvent =
  | { type: 'reader-attached'; readerName: string }
  | { type: 'reader-detached'; readerName: string }
  | { type: 'card-inserted'; readerName: string; atr: string }
  | { type: 'card-removed'; readerName: string };

export type PresenceListener = (event: PresenceEvent) => void;
