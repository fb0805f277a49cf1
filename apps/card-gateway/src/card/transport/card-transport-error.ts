/**
 * Why a card could not be reached. The protocol layer turns these into outcomes; what matters most is whether a
 * command may have reached the card (a verify that may have been counted must never be retried blindly).
 */
export type TransportFailure =
  /** The reader is not attached. */
  | 'no-reader'
  /** No card in the reader. */
  | 'no-card'
  /** The card left the reader or stopped answering while a command was under way. */
  | 'connection-lost'
  /** Another program holds the card. */
  | 'card-in-use'
  /** The driver itself is missing (npm package, pcscd). */
  | 'driver-unavailable'
  /** A session was used after it ended. */
  | 'session-closed';

export class CardTransportError extends Error {
  override readonly name = 'CardTransportError';

  constructor(
    readonly failure: TransportFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCardTransportError(error: unknown): error is CardTransportError {
  return error instanceof CardTransportError;
}
