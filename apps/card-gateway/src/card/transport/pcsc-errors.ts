import { CardTransportError, type TransportFailure } from './card-transport-error';

/**
 * The `smartcard` binding rejects with plain Errors whose message is pcsc-lite's error text (no code), so the
 * failure is read from the message. Whatever is not recognised counts as a lost connection: for a command that
 * may have reached the card, that is the answer that forbids a blind retry.
 */
const FAILURES: ReadonlyArray<[RegExp, TransportFailure]> = [
  [/sharing violation/i, 'card-in-use'],
  [/no smart card present/i, 'no-card'],
  [/unknown reader|reader unavailable|no readers available/i, 'no-reader'],
  [/service not running|service stopped/i, 'driver-unavailable'],
];

export function toTransportError(error: unknown, doing: string): CardTransportError {
  if (error instanceof CardTransportError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const failure = FAILURES.find(([pattern]) => pattern.test(message))?.[1] ?? 'connection-lost';
  const hint =
    failure === 'driver-unavailable' ? ' (is pcscd running? Debian package pcscd: pcscd --foreground)' : '';
  return new CardTransportError(failure, `PC/SC ${doing}: ${message}${hint}`, { cause: error });
}
