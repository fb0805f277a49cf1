import { setTimeout as delay } from 'node:timers/promises';
import type { SimulatedCard } from '../simulator/card-model';
import { MY_NUMBER_CARD_ATR } from '../protocol/card-files';
import { CardTransportError } from './card-transport-error';
import type { CardSession, CardTransport, PresenceEvent, PresenceListener } from './card-transport';
import { OneAtATime } from './one-at-a-time';

/**
 * The in-process driver: a reader whose card is a `SimulatedCard`. It keeps the PC/SC driver's guarantees (one
 * session at a time, one APDU in flight, the card reset when a session ends) so protocol tests mean the same
 * thing on both drivers. Tests insert, remove and swap cards with the methods below.
 */
export class SimulatorTransport implements CardTransport {
  private card: SimulatedCard | undefined;
  private readerAttached = true;
  private readonly sessions = new OneAtATime();
  private readonly listeners = new Set<PresenceListener>();
  private inFlight = 0;
  /** The most APDUs ever in flight at once; anything above 1 would break driver rule 4. */
  maxInFlight = 0;

  constructor(
    readonly readerName = 'Simulated reader 00',
    card?: SimulatedCard,
  ) {
    this.card = card;
    this.card?.powerOn();
  }

  get insertedCard(): SimulatedCard | undefined {
    return this.card;
  }

  insert(card: SimulatedCard): void {
    if (this.card) this.remove();
    this.card = card;
    card.powerOn();
    this.emit({ type: 'card-inserted', readerName: this.readerName, atr: MY_NUMBER_CARD_ATR });
  }

  remove(): void {
    if (!this.card) return;
    this.card.powerOff();
    this.card = undefined;
    this.emit({ type: 'card-removed', readerName: this.readerName });
  }

  attachReader(): void {
    if (this.readerAttached) return;
    this.readerAttached = true;
    this.emit({ type: 'reader-attached', readerName: this.readerName });
  }

  detachReader(): void {
    if (!this.readerAttached) return;
    this.remove();
    this.readerAttached = false;
    this.emit({ type: 'reader-detached', readerName: this.readerName });
  }

  presence(): { readerAttached: boolean; cardPresent: boolean } {
    return { readerAttached: this.readerAttached, cardPresent: this.card !== undefined };
  }

  withExclusiveSession<T>(work: (session: CardSession) => Promise<T>): Promise<T> {
    return this.sessions.run(async () => {
      if (!this.readerAttached)
        throw new CardTransportError('no-reader', `reader ${this.readerName} is not attached`);
      const card = this.card;
      if (!card) throw new CardTransportError('no-card', `no card in ${this.readerName}`);
      let open = true;
      const apdus = new OneAtATime();
      const session: CardSession = {
        transmit: (apdu) =>
          apdus.run(() => {
            if (!open) throw new CardTransportError('session-closed', 'the exclusive session has ended');
            return this.transmitTo(card, apdu);
          }),
      };
      try {
        return await work(session);
      } finally {
        open = false;
        // As the PC/SC driver does: no verification outlives the session that made it.
        if (this.card === card) card.reset();
      }
    });
  }

  onPresence(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }

  private async transmitTo(card: SimulatedCard, apdu: Uint8Array): Promise<Uint8Array> {
    if (this.card !== card) throw new CardTransportError('connection-lost', 'the card was removed');
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const reply = card.exchange(apdu);
      if (reply.kind === 'connection-dropped') {
        throw new CardTransportError('connection-lost', 'the connection to the card was lost');
      }
      if (reply.delayMs > 0) await delay(reply.delayMs);
      if (this.card !== card) throw new CardTransportError('connection-lost', 'the card was removed');
      return reply.response;
    } finally {
      this.inFlight -= 1;
    }
  }

  private emit(event: PresenceEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
