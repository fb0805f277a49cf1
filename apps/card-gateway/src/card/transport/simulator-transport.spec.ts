import { hexToBytes, bytesToHex } from '../protocol/hex';
import { SimulatedCard } from '../simulator/card-model';
import type { PresenceEvent } from './card-transport';
import { CardTransportError } from './card-transport-error';
import { OneAtATime } from './one-at-a-time';
import { SimulatorTransport } from './simulator-transport';

const SELECT_JPKI = hexToBytes('00A4040C0AD392F000260100000001');
const SELECT_USER_PIN = hexToBytes('00A4020C020018');
const VERIFY_1234 = hexToBytes('002000800431323334');

describe('SimulatorTransport', () => {
  it('reports reader and card events, and presence', () => {
    const reader = new SimulatorTransport('Simulated reader 00');
    const events: PresenceEvent[] = [];
    const unsubscribe = reader.onPresence((event) => events.push(event));
    reader.insert(new SimulatedCard());
    reader.remove();
    reader.detachReader();
    reader.attachReader();
    unsubscribe();
    reader.insert(new SimulatedCard());
    expect(events).toEqual([
      { type: 'card-inserted', readerName: 'Simulated reader 00', atr: '3BE000FF8131FE4514' },
      { type: 'card-removed', readerName: 'Simulated reader 00' },
      { type: 'reader-detached', readerName: 'Simulated reader 00' },
      { type: 'reader-attached', readerName: 'Simulated reader 00' },
    ]);
    expect(reader.presence()).toEqual({ readerAttached: true, cardPresent: true });
  });

  it('keeps a verification for the session that made it, and resets the card when the session ends', async () => {
    const card = new SimulatedCard();
    const reader = new SimulatorTransport('r', card);
    await reader.withExclusiveSession(async (session) => {
      await session.transmit(SELECT_JPKI);
      await session.transmit(SELECT_USER_PIN);
      expect(bytesToHex(await session.transmit(VERIFY_1234))).toBe('9000');
      expect(card.isVerified('user-certificate')).toBe(true);
    });
    expect(card.isVerified('user-certificate')).toBe(false);
  });

  it('runs sessions one after another: a second session never interleaves with the first', async () => {
    const card = new SimulatedCard();
    const reader = new SimulatorTransport('r', card);
    const order: string[] = [];
    card.injectFault({ type: 'slow-answer', delayMs: 20 });
    await Promise.all([
      reader.withExclusiveSession(async (session) => {
        order.push('first starts');
        await session.transmit(SELECT_JPKI);
        order.push('first ends');
      }),
      reader.withExclusiveSession(async (session) => {
        order.push('second starts');
        await session.transmit(SELECT_JPKI);
        order.push('second ends');
      }),
    ]);
    expect(order).toEqual(['first starts', 'first ends', 'second starts', 'second ends']);
  });

  it('sends one APDU at a time even when a session fires several at once', async () => {
    const card = new SimulatedCard();
    const reader = new SimulatorTransport('r', card);
    card.injectFault({ type: 'slow-answer', delayMs: 10 });
    await reader.withExclusiveSession((session) =>
      Promise.all([
        session.transmit(SELECT_JPKI),
        session.transmit(SELECT_USER_PIN),
        session.transmit(VERIFY_1234),
      ]),
    );
    expect(reader.maxInFlight).toBe(1);
    expect(card.instructionsReceived).toEqual([0xa4, 0xa4, 0x20]);
  });

  it.each([
    ['no card', (reader: SimulatorTransport) => reader.remove(), 'no-card'],
    ['no reader', (reader: SimulatorTransport) => reader.detachReader(), 'no-reader'],
  ] as const)('%s: the session does not start', async (_name, prepare, failure) => {
    const reader = new SimulatorTransport('r', new SimulatedCard());
    prepare(reader);
    await expect(reader.withExclusiveSession(() => Promise.resolve())).rejects.toMatchObject({ failure });
  });

  it('a dropped connection fails the command as connection-lost', async () => {
    const card = new SimulatedCard();
    card.injectFault({ type: 'drop-connection-after', ins: 0xa4 });
    const reader = new SimulatorTransport('r', card);
    await expect(reader.withExclusiveSession((session) => session.transmit(SELECT_JPKI))).rejects.toEqual(
      new CardTransportError('connection-lost', 'the connection to the card was lost'),
    );
  });

  it('a session cannot be used once it has ended', async () => {
    const reader = new SimulatorTransport('r', new SimulatedCard());
    let kept: { transmit(apdu: Uint8Array): Promise<Uint8Array> } | undefined;
    await reader.withExclusiveSession((session) => {
      kept = session;
      return Promise.resolve();
    });
    await expect(kept?.transmit(SELECT_JPKI)).rejects.toMatchObject({ failure: 'session-closed' });
  });
});

describe('OneAtATime', () => {
  it('goes on after a failed task, in call order', async () => {
    const queue = new OneAtATime();
    const order: number[] = [];
    const first = queue.run(() => Promise.reject(new Error('boom')));
    const second = queue.run(() => {
      order.push(2);
      return Promise.resolve(2);
    });
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe(2);
    expect(order).toEqual([2]);
  });
});
