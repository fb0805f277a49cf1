import {
  CapturingLogger,
  describeMyNumberCardProtocol,
  probeOf,
} from '../../../../../tests/card-protocol-suite';
import { SimulatedCard } from '../simulator/card-model';
import { SimulatorTransport } from '../transport/simulator-transport';
import { MyNumberCard } from './my-number-card';

describe('MyNumberCard on the simulator', () => {
  let transport: SimulatorTransport | undefined;
  let protocol: MyNumberCard | undefined;

  describeMyNumberCardProtocol({
    start: (config) => {
      const card = new SimulatedCard(config);
      const log = new CapturingLogger();
      transport = new SimulatorTransport('Simulated reader 00', card);
      protocol = new MyNumberCard(transport, { logger: log });
      return Promise.resolve({ card: probeOf(card), protocol, log });
    },
    // The simulated reader keeps the card after a drop, as a reader whose link came back would.
    recoverFromDrop: () => Promise.resolve(),
    removeCard: () => {
      transport?.remove();
      return Promise.resolve();
    },
    stop: async () => {
      protocol?.dispose();
      await transport?.close();
    },
  });

  describe('simulator only', () => {
    it('keeps one APDU in flight even when the card answers slowly and operations overlap', async () => {
      const card = new SimulatedCard();
      const reader = new SimulatorTransport('Simulated reader 00', card);
      const cardProtocol = new MyNumberCard(reader, { logger: new CapturingLogger() });
      card.injectFault({ type: 'slow-answer', delayMs: 30 });
      card.injectFault({ type: 'slow-answer', delayMs: 30, ins: 0x20 });
      const [tries, verified, identity] = await Promise.all([
        cardProtocol.readTriesLeft(),
        cardProtocol.verify('user-certificate', '1234'),
        cardProtocol.identify(),
      ]);
      expect(tries).toMatchObject({ outcome: 'read' });
      expect(verified).toEqual({ outcome: 'verified', kind: 'user-certificate' });
      expect(identity).toEqual({ outcome: 'identified', token: 'my-number-card' });
      expect(reader.maxInFlight).toBe(1);
    });

    it('a card removed while a verify is under way gives outcome-unknown', async () => {
      const card = new SimulatedCard();
      const reader = new SimulatorTransport('Simulated reader 00', card);
      const cardProtocol = new MyNumberCard(reader, { logger: new CapturingLogger() });
      card.injectFault({ type: 'slow-answer', delayMs: 20, ins: 0x20 });
      card.injectFault({ type: 'slow-answer', delayMs: 20, ins: 0x20 });
      const pending = cardProtocol.verify('user-certificate', '0000');
      // Remove the card once the real verify (the second INS 20) has reached it.
      const removed = new Promise<void>((resolve) => {
        const check = () => {
          if (card.instructionsReceived.filter((ins) => ins === 0x20).length === 2) {
            reader.remove();
            resolve();
          } else {
            setImmediate(check);
          }
        };
        check();
      });
      await removed;
      await expect(pending).resolves.toMatchObject({ outcome: 'outcome-unknown', step: 'verify' });
      expect(card.pin('user-certificate').left).toBe(2);
    });

    it('forgets the resident-registry AID when the card changes', async () => {
      const log = new CapturingLogger();
      const reader = new SimulatorTransport(
        'Simulated reader 00',
        new SimulatedCard({ residentRegistryAp: 'D3921000310001010401' }),
      );
      const cardProtocol = new MyNumberCard(reader, { logger: log });
      await cardProtocol.readTriesLeft();
      reader.insert(new SimulatedCard({ residentRegistryAp: 'D3921000310001010100' }));
      await expect(cardProtocol.readTriesLeft()).resolves.toMatchObject({ outcome: 'read' });
      expect(log.lines.filter((line) => line.includes('resident-registry application found at'))).toEqual([
        'log resident-registry application found at D3921000310001010401',
        'log resident-registry application found at D3921000310001010100',
      ]);
    });

    it('refuses a My Number hash key too short to hide 12 digits, before any APDU', async () => {
      const card = new SimulatedCard();
      const cardProtocol = new MyNumberCard(new SimulatorTransport('r', card), {
        logger: new CapturingLogger(),
      });
      await expect(cardProtocol.readCardInfo('1234', { myNumberHashKey: new Uint8Array(8) })).rejects.toThrow(
        RangeError,
      );
      expect(card.instructionsReceived).toEqual([]);
    });

    it('a change whose connection drops is outcome-unknown at the change step', async () => {
      const card = new SimulatedCard();
      const cardProtocol = new MyNumberCard(new SimulatorTransport('r', card), {
        logger: new CapturingLogger(),
      });
      card.injectFault({ type: 'drop-connection-after', ins: 0x24 });
      await expect(cardProtocol.changePin('user-certificate', '1234', '4321')).resolves.toMatchObject({
        outcome: 'outcome-unknown',
        step: 'change',
      });
      // The card did change it: only reading (or trying) tells, and the gateway did neither by itself.
      expect(card.pin('user-certificate').value).toBe('4321');
    });
  });
});
