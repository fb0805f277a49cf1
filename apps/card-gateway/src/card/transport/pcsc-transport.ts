import { Logger, type LoggerService } from '@nestjs/common';
import { bytesToHex } from '../protocol/hex';
import { CardTransportError } from './card-transport-error';
import type { CardSession, CardTransport, PresenceEvent, PresenceListener } from './card-transport';
import {
  loadPcscBinding,
  type PcscBinding,
  type PcscCard,
  type PcscContext,
  type PcscReader,
  type PcscReaderMonitor,
} from './pcsc-binding';
import { toTransportError } from './pcsc-errors';
import { OneAtATime } from './one-at-a-time';

export interface PcscTransportOptions {
  /** The PC/SC reader name, e.g. `Virtual PCD 00 00` for vsmartcard-vpcd's first slot. */
  readerName: string;
  logger?: LoggerService;
}

/**
 * The real driver: pcsc-lite through the npm `smartcard` package, loaded only here and only when this driver is
 * opened. Each session connects in exclusive mode, so no other program can slip a command between our select,
 * verify and change, and resets the card on release, so a verification never outlives its operation.
 */
export class PcscTransport implements CardTransport {
  private readonly sessions = new OneAtATime();
  private readonly listeners = new Set<PresenceListener>();
  private readonly monitor: PcscReaderMonitor;
  private readonly logger: LoggerService;
  private readerAttached = false;
  private cardPresent = false;
  private closed = false;

  private constructor(
    private readonly pcsc: PcscBinding,
    private readonly context: PcscContext,
    readonly readerName: string,
    logger: LoggerService | undefined,
  ) {
    this.logger = logger ?? new Logger(PcscTransport.name);
    this.monitor = new pcsc.ReaderMonitor();
  }

  /** Loads the binding, connects to pcscd and starts watching the reader. */
  static async open(options: PcscTransportOptions): Promise<PcscTransport> {
    const pcsc = await loadPcscBinding();
    let context: PcscContext;
    try {
      context = new pcsc.Context();
    } catch (error) {
      throw toTransportError(error, 'connecting to pcscd');
    }
    const transport = new PcscTransport(pcsc, context, options.readerName, options.logger);
    transport.start();
    return transport;
  }

  presence(): { readerAttached: boolean; cardPresent: boolean } {
    return { readerAttached: this.readerAttached, cardPresent: this.cardPresent };
  }

  withExclusiveSession<T>(work: (session: CardSession) => Promise<T>): Promise<T> {
    return this.sessions.run(async () => {
      if (this.closed) throw new CardTransportError('session-closed', 'the PC/SC driver is closed');
      const reader = this.findReader();
      if (!reader) throw new CardTransportError('no-reader', `reader ${this.readerName} is not attached`);
      let card: PcscCard;
      try {
        card = await reader.connect(
          this.pcsc.SCARD_SHARE_EXCLUSIVE,
          this.pcsc.SCARD_PROTOCOL_T1 | this.pcsc.SCARD_PROTOCOL_T0,
        );
      } catch (error) {
        throw toTransportError(error, `connecting to the card in ${this.readerName}`);
      }
      let open = true;
      const apdus = new OneAtATime();
      const session: CardSession = {
        transmit: (apdu) =>
          apdus.run(() => {
            if (!open) throw new CardTransportError('session-closed', 'the exclusive session has ended');
            return this.transmit(card, apdu);
          }),
      };
      try {
        return await work(session);
      } finally {
        open = false;
        await this.release(card);
      }
    });
  }

  onPresence(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    // Queued behind any running session, so closing never cuts an operation in half.
    return this.sessions.run(() => {
      if (this.closed) return Promise.resolve();
      this.closed = true;
      this.listeners.clear();
      this.monitor.stop();
      this.context.close();
      return Promise.resolve();
    });
  }

  private start(): void {
    const reader = this.findReader();
    this.readerAttached = reader !== undefined;
    this.cardPresent = reader !== undefined && (reader.state & this.pcsc.SCARD_STATE_PRESENT) !== 0;
    this.monitor.start((event) => {
      if (event.type === 'error') {
        this.logger.warn(`PC/SC monitor: ${event.reader}`);
        return;
      }
      if (event.reader !== this.readerName) return;
      switch (event.type) {
        case 'reader-attached':
          this.update(!this.readerAttached, () => (this.readerAttached = true), {
            type: event.type,
            readerName: event.reader,
          });
          if ((event.state & this.pcsc.SCARD_STATE_PRESENT) !== 0) this.cardInserted(event.atr);
          return;
        case 'reader-detached':
          if (this.cardPresent) this.cardRemoved();
          this.update(this.readerAttached, () => (this.readerAttached = false), {
            type: event.type,
            readerName: event.reader,
          });
          return;
        case 'card-inserted':
          this.cardInserted(event.atr);
          return;
        case 'card-removed':
          this.cardRemoved();
          return;
      }
    });
  }

  private cardInserted(atr: Buffer | null): void {
    const event: PresenceEvent = {
      type: 'card-inserted',
      readerName: this.readerName,
      atr: atr ? bytesToHex(atr) : '',
    };
    this.update(!this.cardPresent, () => (this.cardPresent = true), event);
  }

  private cardRemoved(): void {
    this.update(this.cardPresent, () => (this.cardPresent = false), {
      type: 'card-removed',
      readerName: this.readerName,
    });
  }

  /** pcscd repeats states (e.g. at start); listeners hear only changes. */
  private update(changes: boolean, apply: () => void, event: PresenceEvent): void {
    if (!changes) return;
    apply();
    for (const listener of this.listeners) listener(event);
  }

  private findReader(): PcscReader | undefined {
    try {
      return this.context.listReaders().find((reader) => reader.name === this.readerName);
    } catch (error) {
      const failure = toTransportError(error, 'listing readers');
      if (failure.failure === 'no-reader') return undefined;
      throw failure;
    }
  }

  private async transmit(card: PcscCard, apdu: Uint8Array): Promise<Uint8Array> {
    // The binding wants a Buffer: a copy, which may hold a PIN, so it is zeroed as soon as the card has it.
    const command = Buffer.from(apdu);
    let response: Buffer;
    try {
      response = await card.transmit(command);
    } catch (error) {
      // Whatever went wrong, the command may have reached the card: report a lost connection, never "not sent".
      const failure = toTransportError(error, 'transmitting');
      throw failure.failure === 'driver-unavailable'
        ? failure
        : new CardTransportError('connection-lost', failure.message, { cause: error });
    } finally {
      command.fill(0);
    }
    // vpcd, for one, reports a card that vanished mid-command as an empty answer rather than an error: without a
    // status word the card never answered, and it may have acted on the command.
    if (response.length < 2) {
      throw new CardTransportError(
        'connection-lost',
        `PC/SC transmitting: an answer of ${response.length} bytes`,
      );
    }
    const copy = new Uint8Array(response);
    response.fill(0);
    return copy;
  }

  /**
   * Resets the card with the asynchronous reconnect, then leaves it. `disconnect(SCARD_RESET_CARD)` would do
   * both in one call, but the binding's disconnect is synchronous: it would block the event loop while the reader
   * resets the card, stalling the gateway (and deadlocking a virtual card served from the same process).
   */
  private async release(card: PcscCard): Promise<void> {
    try {
      await card.reconnect(
        this.pcsc.SCARD_SHARE_EXCLUSIVE,
        this.pcsc.SCARD_PROTOCOL_T1 | this.pcsc.SCARD_PROTOCOL_T0,
        this.pcsc.SCARD_RESET_CARD,
      );
    } catch {
      // The card is gone or unresponsive: nothing is left on it to reset.
    }
    try {
      card.disconnect(this.pcsc.SCARD_LEAVE_CARD);
    } catch {
      // Already disconnected by a removal.
    }
  }
}
