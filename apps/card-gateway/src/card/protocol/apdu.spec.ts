import {
  changePin,
  queryTriesLeft,
  readBinary,
  resetRetryCounter,
  selectApplication,
  selectFile,
  verifyPin,
} from './apdu';
import { traceCommand, traceResponse } from './apdu-trace';
import { CARD_INFO_INPUT_AP, JPKI_AP, PIN_FILES, RESIDENT_REGISTRY_APS } from './card-files';
import { bytesToHex, hexToBytes } from './hex';

const ascii = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array) => bytesToHex(bytes, ' ');

describe('APDUs (card.md "APDUs")', () => {
  it('select application: 00 A4 04 0C 0A <AID>', () => {
    expect(hex(selectApplication(JPKI_AP))).toBe('00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01');
    expect(hex(selectApplication(CARD_INFO_INPUT_AP))).toBe('00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08');
    expect(RESIDENT_REGISTRY_APS).toEqual(['D3921000310001010100', 'D3921000310001010401']);
  });

  it('select EF: 00 A4 02 0C 02 <FID>, with the PIN EFs of the specification', () => {
    expect(hex(selectFile(PIN_FILES['user-certificate'].ef))).toBe('00 A4 02 0C 02 00 18');
    expect(PIN_FILES).toEqual({
      'user-certificate': { application: 'jpki', ef: '0018' },
      'signing-certificate': { application: 'jpki', ef: '001B' },
      'card-info-input': { application: 'card-info-input', ef: '0011' },
      'resident-registry': { application: 'resident-registry', ef: '001C' },
    });
  });

  it('verify: 00 20 00 80 Lc <PIN as ASCII, no padding>; tries: 00 20 00 80 with no data', () => {
    expect(hex(verifyPin(ascii('1234')))).toBe('00 20 00 80 04 31 32 33 34');
    expect(hex(verifyPin(ascii('ABC123')))).toBe('00 20 00 80 06 41 42 43 31 32 33');
    expect(hex(queryTriesLeft())).toBe('00 20 00 80');
  });

  it('change: 00 24 01 80 Lc <new PIN>; reset retry counter: 00 2C 02 80 Lc <new PIN>', () => {
    expect(hex(changePin(ascii('5678')))).toBe('00 24 01 80 04 35 36 37 38');
    expect(hex(resetRetryCounter(ascii('5678')))).toBe('00 2C 02 80 04 35 36 37 38');
  });

  it('copies the PIN, so the caller can zero its own buffer', () => {
    const pin = ascii('1234');
    const command = verifyPin(pin);
    pin.fill(0);
    expect(hex(command)).toBe('00 20 00 80 04 31 32 33 34');
  });

  it('read binary: 00 B0 <offset hi> <offset lo> <Le>, at most 256 bytes (Le 00)', () => {
    expect(hex(readBinary(0, 7))).toBe('00 B0 00 00 07');
    expect(hex(readBinary(0x0107, 256))).toBe('00 B0 01 07 00');
    expect(() => readBinary(0, 257)).toThrow(RangeError);
    expect(() => readBinary(0, 0)).toThrow(RangeError);
    expect(() => readBinary(0x8000, 1)).toThrow(RangeError);
  });

  it('refuses an empty or too long data field', () => {
    expect(() => verifyPin(new Uint8Array(0))).toThrow(RangeError);
    expect(() => changePin(new Uint8Array(256))).toThrow(RangeError);
  });
});

describe('APDU traces (driver rule 6)', () => {
  it.each([
    ['verify', verifyPin(ascii('1234')), '00 20 00 80 ** (PIN masked)'],
    ['change', changePin(ascii('ABCDEF123456')), '00 24 01 80 ** (PIN masked)'],
    ['reset retry counter', resetRetryCounter(ascii('9876')), '00 2C 02 80 ** (PIN masked)'],
  ])('masks the data and its length in a %s', (_name, command, expected) => {
    expect(traceCommand(command)).toBe(expected);
  });

  it('shows commands without a PIN in full', () => {
    expect(traceCommand(selectFile('0018'))).toBe('00 A4 02 0C 02 00 18');
    expect(traceCommand(queryTriesLeft())).toBe('00 20 00 80');
  });

  it('shows only the length of response data (names, addresses, the My Number)', () => {
    expect(traceResponse(hexToBytes('D00C3132333435363738393031329000'))).toBe('(14 bytes) 9000');
    expect(traceResponse(hexToBytes('63C2'))).toBe('63C2');
  });
});
