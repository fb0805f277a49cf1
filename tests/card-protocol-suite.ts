import { createHmac } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { PIN_KINDS, type PinKind } from '@madoguchi/domain';
import { PIN_FILES, RESIDENT_REGISTRY_APS } from '../apps/card-gateway/src/card/protocol/card-files';
import { bytesToHex } from '../apps/card-gateway/src/card/protocol/hex';
import type { MyNumberCard } from '../apps/card-gateway/src/card/protocol/my-number-card';
import {
  type CardFault,
  DEFAULT_HOLDER,
  type SimulatedCard,
  type SimulatedCardConfig,
  type SimulatedPin,
} from '../apps/card-gateway/src/card/simulator/card-model';
import { resetOnIssuerTerminal } from '../apps/card-gateway/src/card/simulator/issuer-terminal';

/**
 * The protocol suite of issue 4, run once against the in-process simulator (unit) and once through pcscd +
 * vsmartcard-vpcd with the real `smartcard` driver (int). A harness says how a card gets into a reader; the
 * card itself is reached through an asynchronous probe, because on the PC/SC path it lives in another process.
 */
export interface ProtocolHarness {
  /** Puts a fresh card with this configuration into the reader; the protocol object is bound to that reader. */
  start(
    config?: SimulatedCardConfig,
  ): Promise<{ card: CardProbe; protocol: MyNumberCard; log: CapturingLogger }>;
  /** After a dropped connection: makes the same card reachable again (vpcd sees the drop as a removal). */
  recoverFromDrop(): Promise<void>;
  removeCard(): Promise<void>;
  stop(): Promise<void>;
}

/** What a test may ask of or do to the card model behind the reader. */
export interface CardProbe {
  pin(kind: PinKind): Promise<SimulatedPin>;
  /** The INS of every command the card received, in order. */
  instructionsReceived(): Promise<number[]>;
  injectFault(fault: CardFault): Promise<void>;
  /** Stages a reset as the J-LIS terminal does it (see simulator/issuer-terminal.ts); the status word. */
  resetOnIssuerTerminal(kind: PinKind, newPin: string): Promise<string>;
}

/** The probe of a card in this process. */
export function probeOf(card: SimulatedCard): CardProbe {
  return {
    pin: (kind) => Promise.resolve({ ...card.pin(kind) }),
    instructionsReceived: () => Promise.resolve([...card.instructionsReceived]),
    injectFault: (fault) => Promise.resolve(card.injectFault(fault)),
    resetOnIssuerTerminal: (kind, newPin) => Promise.resolve(resetOnIssuerTerminal(card, kind, newPin)),
  };
}

/** Keeps every log line, so a test can prove that no PIN or My Number reached the log. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown): void {
    this.lines.push(`log ${String(message)}`);
  }
  error(message: unknown): void {
    this.lines.push(`error ${String(message)}`);
  }
  warn(message: unknown): void {
    this.lines.push(`warn ${String(message)}`);
  }
  debug(message: unknown): void {
    this.lines.push(`debug ${String(message)}`);
  }
  verbose(message: unknown): void {
    this.lines.push(`verbose ${String(message)}`);
  }
}

const VERIFY = 0x20;
const HASH_KEY = new Uint8Array(32).fill(7);

/** VERIFY commands the card received after the first `since` commands, empty ones (counter reads) included. */
async function verifiesSent(card: CardProbe, since = 0): Promise<number> {
  return (await card.instructionsReceived()).slice(since).filter((ins) => ins === VERIFY).length;
}

async function commandCount(card: CardProbe): Promise<number> {
  return (await card.instructionsReceived()).length;
}

export function describeMyNumberCardProtocol(harness: ProtocolHarness): void {
  afterEach(() => harness.stop());

  describe('identifying the card by its JPKI token', () => {
    it.each([
      [undefined, 'my-number-card'],
      ['JPKIAPICCTOKEN', 'resident-registry-card'],
      ['SOMETHINGELSE', 'unknown'],
    ] as const)('token %s → %s', async (token, expected) => {
      const { protocol } = await harness.start(token === undefined ? {} : { token });
      await expect(protocol.identify()).resolves.toEqual({ outcome: 'identified', token: expected });
    });
  });

  describe('reading the tries left', () => {
    it('reads all four counters without using a try', async () => {
      const { card, protocol } = await harness.start({ pins: { 'card-info-input': { left: 2 } } });
      const expected = {
        'user-certificate': 3,
        'signing-certificate': 5,
        'resident-registry': 3,
        'card-info-input': 2,
      };
      await expect(protocol.readTriesLeft()).resolves.toEqual({ outcome: 'read', triesLeft: expected });
      await expect(protocol.readTriesLeft()).resolves.toEqual({ outcome: 'read', triesLeft: expected });
      expect((await card.pin('card-info-input')).left).toBe(2);
    });

    it.each(['63C0', '6984'] as const)(
      '[?] a blocked PIN answering the query with %s reads as locked (0), the others unaffected',
      async (blockedQueryStatusWord) => {
        const { protocol, log } = await harness.start({
          blockedQueryStatusWord,
          pins: { 'resident-registry': { left: 0 } },
        });
        const reading = await protocol.readTriesLeft();
        expect(reading).toEqual({
          outcome: 'read',
          triesLeft: {
            'user-certificate': 3,
            'signing-certificate': 5,
            'resident-registry': 0,
            'card-info-input': 3,
          },
        });
        expect(log.lines.join('\n')).toContain(
          `resident-registry is locked: the card answered the tries query with ${blockedQueryStatusWord}`,
        );
      },
    );
  });

  describe('wrong PINs and locking', () => {
    it('three wrong entries lock a 4-digit PIN and not the others', async () => {
      const { card, protocol } = await harness.start({ pins: { 'user-certificate': { value: '2580' } } });
      await expect(protocol.verify('user-certificate', '0000')).resolves.toEqual({
        outcome: 'wrong-pin',
        kind: 'user-certificate',
        triesLeft: 2,
      });
      await expect(protocol.verify('user-certificate', '0001')).resolves.toMatchObject({ triesLeft: 1 });
      // The third try is the last one: the clerk must confirm it.
      await expect(protocol.verify('user-certificate', '0002')).resolves.toEqual({
        outcome: 'last-try-needs-confirmation',
        kind: 'user-certificate',
        triesLeft: 1,
      });
      await expect(protocol.verify('user-certificate', '0002', { confirmedLastTry: true })).resolves.toEqual({
        outcome: 'wrong-pin',
        kind: 'user-certificate',
        triesLeft: 0,
      });
      // Locked: even the right PIN is refused, and no verify reaches the card.
      const before = await commandCount(card);
      await expect(protocol.verify('user-certificate', '2580', { confirmedLastTry: true })).resolves.toEqual({
        outcome: 'locked',
        kind: 'user-certificate',
      });
      expect((await card.pin('user-certificate')).value).toBe('2580');
      expect(await verifiesSent(card, before)).toBe(1); // the empty verify that read the counter
      await expect(protocol.readTriesLeft()).resolves.toEqual({
        outcome: 'read',
        triesLeft: {
          'user-certificate': 0,
          'signing-certificate': 5,
          'resident-registry': 3,
          'card-info-input': 3,
        },
      });
    });

    it('five wrong entries lock the signing PIN', async () => {
      const { protocol } = await harness.start({ pins: { 'signing-certificate': { value: 'ABC123' } } });
      for (const left of [4, 3, 2, 1]) {
        await expect(protocol.verify('signing-certificate', 'XYZ789')).resolves.toMatchObject({
          outcome: 'wrong-pin',
          triesLeft: left,
        });
      }
      await expect(
        protocol.verify('signing-certificate', 'XYZ789', { confirmedLastTry: true }),
      ).resolves.toEqual({
        outcome: 'wrong-pin',
        kind: 'signing-certificate',
        triesLeft: 0,
      });
      await expect(protocol.verify('signing-certificate', 'abc123')).resolves.toEqual({
        outcome: 'locked',
        kind: 'signing-certificate',
      });
    });

    it('a correct PIN restores the counter to its maximum', async () => {
      const { card, protocol } = await harness.start({ pins: { 'card-info-input': { value: '1357' } } });
      await protocol.verify('card-info-input', '0000');
      await protocol.verify('card-info-input', '0000');
      expect((await card.pin('card-info-input')).left).toBe(1);
      await expect(protocol.verify('card-info-input', '1357', { confirmedLastTry: true })).resolves.toEqual({
        outcome: 'verified',
        kind: 'card-info-input',
      });
      expect((await card.pin('card-info-input')).left).toBe(3);
    });

    it('the signing PIN may be typed in lower case (J-LIS rule)', async () => {
      const { protocol } = await harness.start({ pins: { 'signing-certificate': { value: 'ABC123' } } });
      await expect(protocol.verify('signing-certificate', 'abc123')).resolves.toEqual({
        outcome: 'verified',
        kind: 'signing-certificate',
      });
    });
  });

  describe('driver rule 2: the last try needs the clerk', () => {
    it('refuses without confirmation and sends no verify; goes on when confirmed', async () => {
      const { card, protocol } = await harness.start({
        pins: { 'card-info-input': { value: '7777', left: 1 } },
      });
      const before = await commandCount(card);
      await expect(protocol.verify('card-info-input', '7777')).resolves.toEqual({
        outcome: 'last-try-needs-confirmation',
        kind: 'card-info-input',
        triesLeft: 1,
      });
      expect(await verifiesSent(card, before)).toBe(1); // only the empty verify that read the counter
      expect((await card.pin('card-info-input')).left).toBe(1);
      await expect(protocol.verify('card-info-input', '7777', { confirmedLastTry: true })).resolves.toEqual({
        outcome: 'verified',
        kind: 'card-info-input',
      });
    });
  });

  describe('driver rule 1: a malformed PIN sends nothing', () => {
    it.each([
      ['verify, letters in a 4-digit PIN', (p: MyNumberCard) => p.verify('user-certificate', '12a4')],
      ['verify, full-width digits', (p: MyNumberCard) => p.verify('resident-registry', '１２３４')],
      ['verify, signing PIN without a digit', (p: MyNumberCard) => p.verify('signing-certificate', 'ABCDEF')],
      ['change, malformed new PIN', (p: MyNumberCard) => p.changePin('user-certificate', '1234', '12345')],
      ['change, malformed old PIN', (p: MyNumberCard) => p.changePin('card-info-input', '12', '1234')],
      ['batch, malformed new PIN', (p: MyNumberCard) => p.changeFourDigitPins('1234', '12 4')],
      [
        'batch, one malformed old PIN',
        (p: MyNumberCard) =>
          p.changeFourDigitPins({ 'user-certificate': '1234', 'resident-registry': '1234' }, '5678'),
      ],
      [
        'card info, malformed PIN',
        (p: MyNumberCard) => p.readCardInfo('abcd', { myNumberHashKey: HASH_KEY }),
      ],
    ])('%s', async (_name, operation) => {
      const { card, protocol } = await harness.start();
      const result = await operation(protocol);
      const failed = 'outcome' in result ? result : result.failed?.result;
      expect(failed).toMatchObject({ outcome: 'malformed-pin' });
      expect(await card.instructionsReceived()).toEqual([]);
    });
  });

  describe('changing PINs', () => {
    it('changes one PIN after verifying the old one, in one session', async () => {
      const { card, protocol } = await harness.start({ pins: { 'resident-registry': { value: '1111' } } });
      await expect(protocol.changePin('resident-registry', '1111', '9999')).resolves.toEqual({
        outcome: 'changed',
        kind: 'resident-registry',
      });
      expect(await card.pin('resident-registry')).toMatchObject({ value: '9999', left: 3 });
      await expect(protocol.verify('resident-registry', '9999')).resolves.toMatchObject({
        outcome: 'verified',
      });
    });

    it('a wrong old PIN changes nothing and costs one try', async () => {
      const { card, protocol } = await harness.start({
        pins: { 'signing-certificate': { value: 'ABC123' } },
      });
      await expect(protocol.changePin('signing-certificate', 'ABC124', 'NEW999')).resolves.toEqual({
        outcome: 'wrong-pin',
        kind: 'signing-certificate',
        triesLeft: 4,
      });
      expect((await card.pin('signing-certificate')).value).toBe('ABC123');
    });

    it('changes all three 4-digit PINs from one shared old PIN', async () => {
      const { card, protocol } = await harness.start({
        pins: {
          'user-certificate': { value: '1212' },
          'resident-registry': { value: '1212' },
          'card-info-input': { value: '1212' },
        },
      });
      await expect(protocol.changeFourDigitPins('1212', '3434')).resolves.toEqual({
        changed: ['user-certificate', 'resident-registry', 'card-info-input'],
        notAttempted: [],
      });
      for (const kind of ['user-certificate', 'resident-registry', 'card-info-input'] as const) {
        expect((await card.pin(kind)).value).toBe('3434');
      }
      expect((await card.pin('signing-certificate')).value).toBe('ABC123');
    });

    it('reports exactly which changed when the second of three fails', async () => {
      const { card, protocol } = await harness.start({
        pins: {
          'user-certificate': { value: '1111' },
          'resident-registry': { value: '2222' },
          'card-info-input': { value: '3333' },
        },
      });
      const report = await protocol.changeFourDigitPins(
        { 'user-certificate': '1111', 'resident-registry': '2229', 'card-info-input': '3333' },
        '4444',
      );
      expect(report).toEqual({
        changed: ['user-certificate'],
        failed: {
          kind: 'resident-registry',
          result: { outcome: 'wrong-pin', kind: 'resident-registry', triesLeft: 2 },
        },
        notAttempted: ['card-info-input'],
      });
      expect((await card.pin('user-certificate')).value).toBe('4444');
      expect(await card.pin('resident-registry')).toMatchObject({ value: '2222', left: 2 });
      expect(await card.pin('card-info-input')).toMatchObject({ value: '3333', left: 3 });
    });

    it('changes nothing when one of the three is locked, found before any verify', async () => {
      const { card, protocol } = await harness.start({ pins: { 'card-info-input': { left: 0 } } });
      await expect(protocol.changeFourDigitPins('1234', '5678')).resolves.toEqual({
        changed: [],
        failed: { kind: 'card-info-input', result: { outcome: 'locked', kind: 'card-info-input' } },
        notAttempted: [],
      });
      expect(await card.pin('user-certificate')).toMatchObject({ value: '1234', left: 3 });
      expect(await card.pin('resident-registry')).toMatchObject({ value: '1234', left: 3 });
    });
  });

  describe('a card without a signing certificate', () => {
    it('reports the signing PIN not present, never locked', async () => {
      const { protocol, log } = await harness.start({ withoutSigningCertificate: true });
      await expect(protocol.readTriesLeft()).resolves.toEqual({
        outcome: 'read',
        triesLeft: {
          'user-certificate': 3,
          'signing-certificate': null,
          'resident-registry': 3,
          'card-info-input': 3,
        },
      });
      await expect(protocol.verify('signing-certificate', 'ABC123')).resolves.toEqual({
        outcome: 'not-present',
        kind: 'signing-certificate',
      });
      await expect(protocol.changePin('signing-certificate', 'ABC123', 'DEF456')).resolves.toEqual({
        outcome: 'not-present',
        kind: 'signing-certificate',
      });
      expect(log.lines.join('\n')).toContain('signing-certificate is not present: the card answered 6A88');
    });
  });

  describe('[?] the resident-registry application', () => {
    it.each(RESIDENT_REGISTRY_APS)('finds it at %s and remembers it for this card', async (aid) => {
      const { card, protocol, log } = await harness.start({
        residentRegistryAp: aid,
        pins: { 'resident-registry': { value: '8642' } },
      });
      await expect(protocol.verify('resident-registry', '8642')).resolves.toMatchObject({
        outcome: 'verified',
      });
      const afterFirst = await commandCount(card);
      await expect(protocol.verify('resident-registry', '8642')).resolves.toMatchObject({
        outcome: 'verified',
      });
      // select AID, select EF, empty verify, verify: the AID that answered is cached, no second probe.
      expect((await commandCount(card)) - afterFirst).toBe(4);
      expect(
        log.lines.filter((line) => line.includes(`resident-registry application found at ${aid}`)),
      ).toHaveLength(1);
    });
  });

  describe('reading the card-info-input data', () => {
    it('returns name, address, birth date and sex; the My Number only masked and keyed-hashed', async () => {
      const { protocol, log } = await harness.start({ pins: { 'card-info-input': { value: '2468' } } });
      const reading = await protocol.readCardInfo('2468', { myNumberHashKey: HASH_KEY });
      expect(reading).toEqual({
        outcome: 'read',
        info: {
          name: DEFAULT_HOLDER.name,
          address: DEFAULT_HOLDER.address,
          birthDate: '1985-04-01',
          sex: 'female',
          maskedMyNumber: '**** **** ****',
          myNumberHash: createHmac('sha256', HASH_KEY).update(DEFAULT_HOLDER.myNumber).digest('hex'),
        },
      });
      const everything = JSON.stringify(reading) + log.lines.join('\n');
      expect(everything).not.toContain(DEFAULT_HOLDER.myNumber);
      expect(log.lines.join('\n')).not.toContain(DEFAULT_HOLDER.name);
    });

    it('reads a long address in chunks of at most 256 bytes', async () => {
      const address = '神奈川県厚木市'.repeat(30); // 630 bytes of UTF-8
      const { protocol } = await harness.start({ holder: { ...DEFAULT_HOLDER, address } });
      const reading = await protocol.readCardInfo('1234', { myNumberHashKey: HASH_KEY });
      expect(reading).toMatchObject({ outcome: 'read', info: { address } });
    });

    it('a wrong PIN reads nothing', async () => {
      const { protocol } = await harness.start();
      await expect(protocol.readCardInfo('9999', { myNumberHashKey: HASH_KEY })).resolves.toEqual({
        outcome: 'wrong-pin',
        kind: 'card-info-input',
        triesLeft: 2,
      });
    });
  });

  describe('driver rule 6: no PIN in any trace', () => {
    it('masks the data of verify and change in every trace line', async () => {
      const { protocol, log } = await harness.start({ pins: { 'signing-certificate': { value: 'QWE123' } } });
      await protocol.changePin('signing-certificate', 'QWE123', 'RTY456');
      await protocol.changeFourDigitPins('1234', '9876');
      const traces = log.lines.filter((line) => line.startsWith('debug'));
      expect(traces.some((line) => line.includes('00 20 00 80 ** (PIN masked)'))).toBe(true);
      expect(traces.some((line) => line.includes('00 24 01 80 ** (PIN masked)'))).toBe(true);
      const all = log.lines.join('\n');
      for (const pin of ['QWE123', 'RTY456', '1234', '9876']) {
        expect(all).not.toContain(pin);
        expect(all).not.toContain(bytesToHex(new TextEncoder().encode(pin), ' '));
      }
    });
  });

  describe('driver rule 3: no retry after a transport error', () => {
    it('a connection dropped after a counted verify is outcome-unknown; the counter read again shows it', async () => {
      const { card, protocol } = await harness.start({ pins: { 'user-certificate': { value: '1234' } } });
      await card.injectFault({ type: 'drop-after-counted-verify' });
      const before = await commandCount(card);
      const result = await protocol.verify('user-certificate', '0000');
      expect(result).toMatchObject({ outcome: 'outcome-unknown', kind: 'user-certificate', step: 'verify' });
      // select AID, select EF, empty verify, verify: and nothing after it.
      expect((await card.instructionsReceived()).slice(before)).toEqual([0xa4, 0xa4, VERIFY, VERIFY]);
      expect((await card.pin('user-certificate')).left).toBe(2);
      await harness.recoverFromDrop();
      await expect(protocol.readTriesLeft()).resolves.toMatchObject({
        outcome: 'read',
        triesLeft: { 'user-certificate': 2 },
      });
    });

    it('an unexpected status word (6F00) on a verify stops the operation and reports it', async () => {
      const { card, protocol } = await harness.start();
      await card.injectFault({ type: 'status-word', statusWord: '6F00', ins: VERIFY });
      await expect(protocol.readTriesLeft()).resolves.toEqual({
        outcome: 'aborted',
        step: 'read tries of user-certificate',
        statusWord: '6F00',
        meaning: 'no precise diagnosis',
      });
    });

    it('no card in the reader: card-unavailable, nothing counted', async () => {
      const { card, protocol } = await harness.start();
      await harness.removeCard();
      await expect(protocol.verify('user-certificate', '1234')).resolves.toMatchObject({
        outcome: 'card-unavailable',
      });
      expect((await card.pin('user-certificate')).left).toBe(3);
    });
  });

  describe('after a reset on the J-LIS terminal', () => {
    it('confirms the reset PIN is full again; a locked one is reported not full before', async () => {
      const { card, protocol } = await harness.start({
        issuerTerminalMode: true,
        withoutSigningCertificate: true,
        pins: { 'user-certificate': { left: 0 } },
      });
      await expect(protocol.confirmCountersFull(['user-certificate'])).resolves.toMatchObject({
        outcome: 'not-full',
        notFull: ['user-certificate'],
      });
      expect(await card.resetOnIssuerTerminal('user-certificate', '5555')).toBe('9000');
      await expect(protocol.confirmCountersFull()).resolves.toEqual({
        outcome: 'full',
        absent: ['signing-certificate'],
        triesLeft: {
          'user-certificate': 3,
          'signing-certificate': null,
          'resident-registry': 3,
          'card-info-input': 3,
        },
      });
      await expect(protocol.verify('user-certificate', '5555')).resolves.toMatchObject({
        outcome: 'verified',
      });
    });
  });

  it('reads every PIN kind the domain knows', () => {
    expect(Object.keys(PIN_FILES).sort()).toEqual([...PIN_KINDS].sort());
  });
}
