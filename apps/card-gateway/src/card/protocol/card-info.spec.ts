import { createHmac } from 'node:crypto';
import { encodeHolderAttributes, encodeMyNumber } from '../simulator/card-holder';
import { decodeHolderAttributes, decodeMyNumber, hashMyNumber, MIN_MY_NUMBER_KEY_BYTES } from './card-info';
import { hexToBytes } from './hex';
import { encodeTlv, readTlv, readTlvList, tlvSize } from './tlv';

describe('BER-TLV as the card-info files use it', () => {
  it('reads one- and two-byte tags with short, 81 and 82 lengths', () => {
    expect(readTlv(hexToBytes('D0023132'))).toMatchObject({ tag: 'D0', size: 4 });
    expect(readTlv(hexToBytes(`DF2281${'80'}${'41'.repeat(0x80)}`))).toMatchObject({
      tag: 'DF22',
      size: 0x83 + 1,
    });
    expect(tlvSize(hexToBytes('FF20820123'))).toBe(2 + 3 + 0x123);
    expect(tlvSize(hexToBytes('FF'))).toBeUndefined();
  });

  it('round-trips what encodeTlv writes and stops at padding', () => {
    const two = new Uint8Array([
      ...encodeTlv('DF24', hexToBytes('3139')),
      ...encodeTlv('DF25', hexToBytes('31')),
      0xff,
    ]);
    expect(readTlvList(two).map((element) => element.tag)).toEqual(['DF24', 'DF25']);
    expect(encodeTlv('DF23', new Uint8Array(300)).subarray(0, 5)).toEqual(hexToBytes('DF2382012C'));
  });

  it('refuses a value running past the data', () => {
    expect(() => readTlv(hexToBytes('D00C3132'))).toThrow('runs past');
  });
});

describe('card-info-input data', () => {
  it('decodes EF 0002 (FF 20 { DF 21 .. DF 25 }) from hand-written bytes', () => {
    const bytes = hexToBytes(
      'FF20 23 DF21 02 0000 DF22 06 E5B1B1E794B0 DF23 03 E69DB1 DF24 08 3139393031323331 DF25 01 31'.replace(
        / /g,
        '',
      ),
    );
    expect(decodeHolderAttributes(bytes)).toEqual({
      name: '山田',
      address: '東',
      birthDate: '1990-12-31',
      sex: 'male',
    });
  });

  it('decodes what the simulator writes, for each sex code', () => {
    for (const [code, sex] of [
      ['1', 'male'],
      ['2', 'female'],
      ['9', 'not-applicable'],
    ] as const) {
      const holder = {
        name: '試験',
        address: '厚木',
        birthDate: '20010203',
        sex: code,
        myNumber: '000000000000',
      };
      expect(decodeHolderAttributes(encodeHolderAttributes(holder))).toMatchObject({
        sex,
        birthDate: '2001-02-03',
      });
    }
  });

  it('refuses a file with another outer tag or a missing field', () => {
    expect(() => decodeHolderAttributes(hexToBytes('FF2100'))).toThrow('FF20');
    expect(() => decodeHolderAttributes(hexToBytes('FF2003DF2200'))).toThrow(/card-info EF: no DF2/);
  });

  it('decodes EF 0001 to the 12 digits and refuses anything else', () => {
    expect(new TextDecoder().decode(decodeMyNumber(encodeMyNumber('123456789012')))).toBe('123456789012');
    expect(() => decodeMyNumber(hexToBytes('D00B3132333435363738393031'))).toThrow('12 digits');
    expect(() => encodeMyNumber('12345')).toThrow();
  });

  it('hashes the My Number with HMAC-SHA256 under a key of at least 32 bytes', () => {
    const key = new Uint8Array(MIN_MY_NUMBER_KEY_BYTES).fill(1);
    const digits = new TextEncoder().encode('123456789012');
    expect(hashMyNumber(digits, key)).toBe(createHmac('sha256', key).update('123456789012').digest('hex'));
    expect(hashMyNumber(digits, key)).not.toBe(hashMyNumber(digits, new Uint8Array(32).fill(2)));
    expect(() => hashMyNumber(digits, new Uint8Array(16))).toThrow(RangeError);
  });
});
