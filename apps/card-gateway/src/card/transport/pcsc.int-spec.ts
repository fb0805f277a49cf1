import { CapturingLogger, describeMyNumberCardProtocol } from '../../../../../tests/card-protocol-suite';
import {
  cardPresence,
  ensurePcscd,
  type Pcscd,
  VirtualCardProcess,
  VPCD_READER,
  waitUntil,
} from '../../../../../tests/card-pcsc-environment';
import { MyNumberCard } from '../protocol/my-number-card';
import { PcscTransport } from './pcsc-transport';

/**
 * The protocol suite through the real stack: our PC/SC driver → the `smartcard` binding → pcscd → vsmartcard-vpcd
 * → the virtual card (TCP 127.0.0.1:35963, its own process) → the same card model the unit tests use.
 */
describe('MyNumberCard through pcscd + vpcd with the smartcard driver', () => {
  let pcscd: Pcscd | undefined;
  let transport: PcscTransport | undefined;
  let virtualCard: VirtualCardProcess | undefined;
  let protocol: MyNumberCard | undefined;

  const reader = (): PcscTransport => {
    if (!transport) throw new Error('the PC/SC driver did not open');
    return transport;
  };

  beforeAll(async () => {
    pcscd = await ensurePcscd();
    transport = await PcscTransport.open({ readerName: VPCD_READER, logger: new CapturingLogger() });
    await waitUntil(() => reader().presence().readerAttached, { what: `reader ${VPCD_READER}` });
    if (reader().presence().cardPresent) {
      throw new Error(`a card is already in ${VPCD_READER}: another virtual card is connected to vpcd`);
    }
    virtualCard = await VirtualCardProcess.start();
  });

  afterAll(async () => {
    await virtualCard?.stop();
    await transport?.close();
    await pcscd?.stop();
  });

  describeMyNumberCardProtocol({
    start: async (config) => {
      const log = new CapturingLogger();
      await virtualCard?.insert(config);
      await cardPresence(reader(), true);
      const card = virtualCard?.probe();
      if (!card) throw new Error('no virtual card process');
      // pcscd powers the card and asks for its ATR, but sends no APDU: the suite counts from zero.
      expect(await card.instructionsReceived()).toEqual([]);
      protocol = new MyNumberCard(reader(), { logger: log });
      return { card, protocol, log };
    },
    recoverFromDrop: async () => {
      await cardPresence(reader(), false);
      await virtualCard?.reinsert();
      await cardPresence(reader(), true);
    },
    removeCard: async () => {
      await virtualCard?.remove();
      await cardPresence(reader(), false);
    },
    stop: async () => {
      protocol?.dispose();
      await virtualCard?.remove();
      await cardPresence(reader(), false);
    },
  });

  it('holds the card exclusively: another program cannot connect during a session', async () => {
    await virtualCard?.insert();
    await cardPresence(reader(), true);
    const other = await PcscTransport.open({ readerName: VPCD_READER, logger: new CapturingLogger() });
    try {
      await waitUntil(() => other.presence().cardPresent, { what: 'the second driver to see the card' });
      await reader().withExclusiveSession(async () => {
        await expect(other.withExclusiveSession(() => Promise.resolve())).rejects.toMatchObject({
          failure: 'card-in-use',
        });
      });
    } finally {
      await other.close();
      await virtualCard?.remove();
      await cardPresence(reader(), false);
    }
  });
});
