import { CardTransportError } from './card-transport-error';

/**
 * The part of the npm `smartcard` package (N-API PC/SC bindings) the PC/SC driver uses, typed here so that the
 * gateway compiles and runs on machines where that optional dependency is not installed: it needs pcsc-lite to
 * build and `pcscd` to run, and only the PC/SC driver ever loads it.
 */
export const SMARTCARD_PACKAGE = 'smartcard';

export interface PcscCard {
  readonly protocol: number;
  transmit(command: Buffer, options?: { maxRecvLength?: number }): Promise<Buffer>;
  /** Synchronous in the binding: it blocks the event loop until the reader is done with the card. */
  disconnect(disposition?: number): void;
  reconnect(shareMode?: number, protocol?: number, initialization?: number): Promise<number>;
}

export interface PcscReader {
  readonly name: string;
  readonly state: number;
  readonly atr: Buffer | null;
  connect(shareMode?: number, protocol?: number): Promise<PcscCard>;
}

export interface PcscContext {
  readonly isValid: boolean;
  listReaders(): PcscReader[];
  close(): void;
}

export interface PcscMonitorEvent {
  type: 'reader-attached' | 'reader-detached' | 'card-inserted' | 'card-removed' | 'error';
  /** The reader name, or the error message for `error`. */
  reader: string;
  state: number;
  atr: Buffer | null;
}

export interface PcscReaderMonitor {
  readonly isRunning: boolean;
  start(callback: (event: PcscMonitorEvent) => void): void;
  stop(): void;
}

export interface PcscBinding {
  Context: new () => PcscContext;
  ReaderMonitor: new () => PcscReaderMonitor;
  SCARD_SHARE_EXCLUSIVE: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_RESET_CARD: number;
  SCARD_STATE_PRESENT: number;
}

/** Loads `smartcard` on first use, with an error that says what to install when it is missing. */
export async function loadPcscBinding(): Promise<PcscBinding> {
  let loaded: unknown;
  try {
    // A variable specifier keeps TypeScript from requiring the optional package at compile time, and
    // webpackIgnore keeps the bundler from trying to include it.
    loaded = await import(/* webpackIgnore: true */ SMARTCARD_PACKAGE);
  } catch (error) {
    throw new CardTransportError(
      'driver-unavailable',
      `the PC/SC driver needs the optional npm package "${SMARTCARD_PACKAGE}", which is not installed or did not ` +
        'build (it compiles against pcsc-lite: install the Debian package libpcsclite-dev and a C++ toolchain, ' +
        'then npm install)',
      { cause: error },
    );
  }
  const binding = hasContext(loaded) ? loaded : (loaded as { default?: unknown }).default;
  if (!hasContext(binding)) {
    throw new CardTransportError(
      'driver-unavailable',
      `"${SMARTCARD_PACKAGE}" does not export the PC/SC API we use`,
    );
  }
  return binding as PcscBinding;
}

function hasContext(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { Context?: unknown }).Context === 'function'
  );
}
