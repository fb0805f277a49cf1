import { PIN_RETRY_LIMITS } from '@madoguchi/domain';
import { bytesToHex, hexToBytes } from '../protocol/hex';
import { ISSUED_PIN_TRIES, SimulatedCard, type SimulatedCardConfig } from './card-model';

// The model table of card.md, row by row, in raw APDUs: the simulator is a card, so it is tested as one.
const JPKI = '00A4040C0AD392F000260100000001';
const CARD_INFO_AP = '00A4040C0AD3921000310001010408';
const RESIDENT_0100 = '00A4040C0AD3921000310001010100';
const RESIDENT_0401 = '00A4040C0AD3921000310001010401';
const USER_PIN_EF = '00A4020C020018';
const SIGNING_PIN_EF = '00A4020C02001B';
const TOKEN_EF = '00A4020C020006';
const CARD_INFO_PIN_EF = '00A4020C020011';
const MY_NUMBER_EF = '00A4020C020001';
const EMPTY_VERIFY = '00200080';
const ascii = (text: string) => bytesToHex(new TextEncoder().encode(text));
const withData = (header: string, text: string) => {
  const data = ascii(text);
  return `${header}${(data.length / 2).toString(16).padStart(2, '0')}${data}`;
};
const verify = (pin: string) => withData('00200080', pin);
const change = (pin: string) => withData('00240180', pin);
const resetCounter = (pin: string) => withData('002C0280', pin);

function cardWith(config: SimulatedCardConfig = {}) {
  const card = new SimulatedCard(config);
  const send = (...commands: string[]): string[] =>
    commands.map((hex) => bytesToHex(card.process(hexToBytes(hex))));
  /** The status word of the last command. */
  const sw = (...commands: string[]): string => (send(...commands).at(-1) ?? '').slice(-4);
  return { card, send, sw };
}

describe('SimulatedCard: the model table of card.md', () => {
  it('issues PINs with the tries of domain.md §1', () => {
    expect(ISSUED_PIN_TRIES).toEqual(PIN_RETRY_LIMITS);
  });

  describe('select application (00 A4 04 0C)', () => {
    it('known AID: sets the DF, clears the EF and every verification, 9000', () => {
      const { card, sw } = cardWith();
      expect(sw(JPKI, USER_PIN_EF, verify('1234'))).toBe('9000');
      expect(card.isVerified('user-certificate')).toBe(true);
      expect(sw(JPKI)).toBe('9000');
      expect(card.selectedApplication).toBe('D392F000260100000001');
      expect(card.selectedFile).toBeUndefined();
      expect(card.isVerified('user-certificate')).toBe(false);
    });
    it('unknown AID: 6A82', () => {
      expect(cardWith().sw('00A4040C0AD392F000260100000099')).toBe('6A82');
    });
    it.each([
      [undefined, RESIDENT_0100, RESIDENT_0401],
      ['D3921000310001010401', RESIDENT_0401, RESIDENT_0100],
    ] as const)(
      '[?] resident-registry AID configured %s: answers %s, 6A82 for %s',
      (aid, answers, refuses) => {
        const { sw } = cardWith(aid ? { residentRegistryAp: aid } : {});
        expect(sw(answers)).toBe('9000');
        expect(sw(refuses)).toBe('6A82');
      },
    );
  });

  describe('select EF (00 A4 02 0C)', () => {
    it('found in the DF: 9000', () => {
      const { card, sw } = cardWith();
      expect(sw(JPKI, TOKEN_EF)).toBe('9000');
      expect(card.selectedFile).toBe('0006');
    });
    it('not in this DF, or no DF selected: 6A82', () => {
      expect(cardWith().sw(CARD_INFO_AP, USER_PIN_EF)).toBe('6A82');
      expect(cardWith().sw(USER_PIN_EF)).toBe('6A82');
    });
  });

  describe('empty verify (00 20 00 80)', () => {
    it('no EF or not a PIN EF: 6986', () => {
      expect(cardWith().sw(JPKI, EMPTY_VERIFY)).toBe('6986');
      expect(cardWith().sw(JPKI, TOKEN_EF, EMPTY_VERIFY)).toBe('6986');
    });
    it('PIN absent (no signing certificate): 6A88', () => {
      expect(cardWith({ withoutSigningCertificate: true }).sw(JPKI, SIGNING_PIN_EF, EMPTY_VERIFY)).toBe(
        '6A88',
      );
    });
    it.each([
      [undefined, '63C0'],
      ['63C0', '63C0'],
      ['6984', '6984'],
    ] as const)('[?] locked, blocked-query option %s: %s', (option, expected) => {
      const { sw } = cardWith({
        pins: { 'user-certificate': { left: 0 } },
        ...(option ? { blockedQueryStatusWord: option } : {}),
      });
      expect(sw(JPKI, USER_PIN_EF, EMPTY_VERIFY)).toBe(expected);
    });
    it('otherwise 63 C0+left, counting nothing, even right after a correct verify (never 9000)', () => {
      const { card, sw } = cardWith({ pins: { 'signing-certificate': { left: 4 } } });
      expect(sw(JPKI, SIGNING_PIN_EF, EMPTY_VERIFY)).toBe('63C4');
      expect(sw(EMPTY_VERIFY)).toBe('63C4');
      expect(sw(verify('ABC123'), EMPTY_VERIFY)).toBe('63C5');
      expect(card.pin('signing-certificate').left).toBe(5);
    });
  });

  describe('verify (00 20 00 80 Lc PIN)', () => {
    it('left = 0: 6984, even for the right PIN, and nothing changes', () => {
      const { card, sw } = cardWith({ pins: { 'user-certificate': { value: '1234', left: 0 } } });
      expect(sw(JPKI, USER_PIN_EF, verify('1234'))).toBe('6984');
      expect(card.isVerified('user-certificate')).toBe(false);
      expect(card.pin('user-certificate').left).toBe(0);
    });
    it('match: left = max, verified, 9000', () => {
      const { card, sw } = cardWith({ pins: { 'user-certificate': { value: '4321', left: 1 } } });
      expect(sw(JPKI, USER_PIN_EF, verify('4321'))).toBe('9000');
      expect(card.pin('user-certificate').left).toBe(3);
      expect(card.isVerified('user-certificate')).toBe(true);
    });
    it('mismatch: left − 1, unverified, 63 C0+left (63C0 when this attempt locked it)', () => {
      const { card, sw } = cardWith({ pins: { 'card-info-input': { value: '1234' } } });
      expect(sw(CARD_INFO_AP, CARD_INFO_PIN_EF, verify('1234'))).toBe('9000');
      expect(sw(verify('1235'))).toBe('63C2');
      expect(card.isVerified('card-info-input')).toBe(false);
      expect(sw(MY_NUMBER_EF, '00B0000000')).toBe('6982');
      expect(sw(CARD_INFO_PIN_EF, verify('0000'), verify('0000'))).toBe('63C0');
      expect(card.pin('card-info-input').left).toBe(0);
    });
    it('a PIN of another length is a mismatch, not an error', () => {
      expect(cardWith().sw(JPKI, USER_PIN_EF, verify('12345'))).toBe('63C2');
    });
    it('verify of an absent PIN: 6A88; with no PIN EF selected: 6986', () => {
      expect(cardWith({ withoutSigningCertificate: true }).sw(JPKI, SIGNING_PIN_EF, verify('ABC123'))).toBe(
        '6A88',
      );
      expect(cardWith().sw(JPKI, verify('1234'))).toBe('6986');
    });
  });

  describe('change (00 24 01 80 Lc new PIN)', () => {
    it('not verified: 6982', () => {
      expect(cardWith().sw(JPKI, USER_PIN_EF, change('5678'))).toBe('6982');
    });
    it.each([['12345'], ['12a4'], ['１２']])('bad format %s: 6A80', (pin) => {
      expect(cardWith().sw(JPKI, USER_PIN_EF, verify('1234'), change(pin))).toBe('6A80');
    });
    it('signing PIN: 6-16 of A-Z0-9 with a letter and a digit, else 6A80', () => {
      const { sw } = cardWith();
      expect(sw(JPKI, SIGNING_PIN_EF, verify('ABC123'), change('ABCDEF'))).toBe('6A80');
      expect(sw(change('abc123'))).toBe('6A80');
      expect(sw(change('NEWPIN2024'))).toBe('9000');
    });
    it('else: sets the value, left = max, 9000', () => {
      const { card, sw } = cardWith();
      expect(sw(JPKI, USER_PIN_EF, verify('1234'), change('8642'))).toBe('9000');
      expect(card.pin('user-certificate')).toEqual({ value: '8642', max: 3, left: 3, present: true });
      expect(sw(verify('8642'))).toBe('9000');
    });
  });

  describe('reset retry counter (00 2C 02 80 Lc new PIN)', () => {
    it('issuer-terminal mode off (the default): 6982, nothing changes', () => {
      const { card, sw } = cardWith({ pins: { 'user-certificate': { left: 0 } } });
      expect(sw(JPKI, USER_PIN_EF, resetCounter('1111'))).toBe('6982');
      expect(card.pin('user-certificate')).toMatchObject({ value: '1234', left: 0 });
    });
    it('issuer-terminal mode on: sets the value, left = max, 9000', () => {
      const { card, sw } = cardWith({
        issuerTerminalMode: true,
        pins: { 'signing-certificate': { left: 0 } },
      });
      expect(sw(JPKI, SIGNING_PIN_EF, resetCounter('RESET1'))).toBe('9000');
      expect(card.pin('signing-certificate')).toMatchObject({ value: 'RESET1', left: 5 });
    });
  });

  describe('read binary (00 B0 offset Le)', () => {
    it('no EF selected: 6986', () => {
      expect(cardWith().sw(JPKI, '00B0000010')).toBe('6986');
    });
    it('protected and not verified: 6982', () => {
      expect(cardWith().sw(CARD_INFO_AP, MY_NUMBER_EF, '00B0000010')).toBe('6982');
    });
    it('offset past the end: 6B00', () => {
      expect(cardWith().sw(JPKI, TOKEN_EF, '00B0002001')).toBe('6B00');
    });
    it('else: data + 9000, at most Le bytes (00 = 256), less at the end of the EF', () => {
      const { send } = cardWith();
      const [, , token] = send(JPKI, TOKEN_EF, '00B000000F');
      expect(token).toBe(`${ascii('JPKIAPICCTOKEN2')}9000`);
      const [, , whole] = send(JPKI, TOKEN_EF, '00B0000000');
      expect(whole).toBe(`${ascii('JPKIAPICCTOKEN2'.padEnd(32, ' '))}9000`);
      const [, , tail] = send(JPKI, TOKEN_EF, '00B0001E10');
      expect(tail).toBe(`${ascii('  ')}9000`);
    });
    it('protected EF after its PIN is verified: the My Number TLV', () => {
      const { send } = cardWith({ holder: { ...DEFAULT_TEST_HOLDER, myNumber: '000011112222' } });
      const answers = send(CARD_INFO_AP, CARD_INFO_PIN_EF, verify('1234'), MY_NUMBER_EF, '00B000000E');
      expect(answers.at(-1)).toBe(`D00C${ascii('000011112222')}9000`);
    });
  });

  describe('other instructions and classes', () => {
    it.each([
      ['00CA000000', '6D00'],
      ['002A9E9A00', '6D00'],
      ['80A4040C0AD392F000260100000001', '6E00'],
      ['00A4', '6700'],
      ['00A4040C05D392', '6700'],
    ])('%s: %s', (command, expected) => {
      expect(cardWith().sw(command)).toBe(expected);
    });
  });

  describe('power and reset clear verifications', () => {
    it.each(['powerOn', 'reset', 'powerOff'] as const)(
      '%s forgets the selection and verifications',
      (event) => {
        const { card, sw } = cardWith();
        sw(JPKI, USER_PIN_EF, verify('1234'));
        card[event]();
        expect(card.isVerified('user-certificate')).toBe(false);
        expect(card.selectedApplication).toBeUndefined();
        expect(sw(USER_PIN_EF)).toBe('6A82');
      },
    );
  });

  describe('fault injection', () => {
    it('drop after a counted verify: the try is counted, the connection dropped, empty verifies untouched', () => {
      const card = new SimulatedCard();
      card.injectFault({ type: 'drop-after-counted-verify' });
      for (const command of [JPKI, USER_PIN_EF, EMPTY_VERIFY]) {
        expect(card.exchange(hexToBytes(command)).kind).toBe('answer');
      }
      expect(card.exchange(hexToBytes(verify('9999')))).toEqual({ kind: 'connection-dropped' });
      expect(card.pin('user-certificate').left).toBe(2);
      expect(card.selectedApplication).toBeUndefined();
      expect(card.exchange(hexToBytes(JPKI)).kind).toBe('answer');
    });
    it('slow answer: the answer carries the delay, once', () => {
      const card = new SimulatedCard();
      card.injectFault({ type: 'slow-answer', delayMs: 250 });
      expect(card.exchange(hexToBytes(JPKI))).toMatchObject({ kind: 'answer', delayMs: 250 });
      expect(card.exchange(hexToBytes(JPKI))).toMatchObject({ kind: 'answer', delayMs: 0 });
    });
    it('a forced status word (6F00) answers the matching command and does nothing else', () => {
      const card = new SimulatedCard();
      card.injectFault({ type: 'status-word', statusWord: '6F00', ins: 0x20 });
      card.process(hexToBytes(JPKI));
      card.process(hexToBytes(USER_PIN_EF));
      const reply = card.exchange(hexToBytes(verify('0000')));
      expect(reply.kind === 'answer' && bytesToHex(reply.response)).toBe('6F00');
      expect(card.pin('user-certificate').left).toBe(3);
    });
    it('records the INS of every command, never its data', () => {
      const card = new SimulatedCard();
      card.exchange(hexToBytes(JPKI));
      card.exchange(hexToBytes(verify('1234')));
      expect(card.instructionsReceived).toEqual([0xa4, 0x20]);
    });
  });
});

const DEFAULT_TEST_HOLDER = {
  name: '試験 太郎',
  address: '東京都千代田区',
  birthDate: '20000101',
  sex: '1',
  myNumber: '999999999999',
} as const;
