import { createHmac } from 'node:crypto';
import { readTlv, readTlvList } from './tlv';

/**
 * The card-info-input application's data, decoded. The My Number is never kept or shown in plain (card.md):
 * the clerk sees a mask, matching uses an HMAC under a key only the gateway holds, because 12 digits are too few
 * for a plain hash to hide them.
 */
export interface CardHolderInfo {
  name: string;
  address: string;
  /** YYYY-MM-DD when the card holds 8 digits, else the card's text as is. */
  birthDate: string;
  sex: 'male' | 'female' | 'not-applicable';
  /** Shows that a My Number was read, and nothing of it. */
  maskedMyNumber: string;
  /** HMAC-SHA256 of the 12 ASCII digits, hex. */
  myNumberHash: string;
}

export const MASKED_MY_NUMBER = '**** **** ****';

/** Shorter keys would make the hash of a 12-digit number guessable by whoever guesses the key. */
export const MIN_MY_NUMBER_KEY_BYTES = 32;

const SEX: Readonly<Record<string, CardHolderInfo['sex']>> = {
  '1': 'male',
  '2': 'female',
  '9': 'not-applicable',
};

/** EF 0002: `FF 20` { `DF 21`, `DF 22` name, `DF 23` address, `DF 24` birth date, `DF 25` sex }. */
export function decodeHolderAttributes(
  bytes: Uint8Array,
): Omit<CardHolderInfo, 'maskedMyNumber' | 'myNumberHash'> {
  const outer = readTlv(bytes);
  if (outer.tag !== 'FF20') throw new Error(`card-info EF: expected tag FF20, found ${outer.tag}`);
  const fields = new Map(readTlvList(outer.value).map((element) => [element.tag, element.value]));
  const text = (tag: string): string => {
    const value = fields.get(tag);
    if (value === undefined) throw new Error(`card-info EF: no ${tag}`);
    return new TextDecoder('utf-8', { fatal: true }).decode(value);
  };
  const birth = text('DF24');
  const sex = SEX[text('DF25')];
  if (!sex) throw new Error('card-info EF: sex code is not 1, 2 or 9');
  return {
    name: text('DF22'),
    address: text('DF23'),
    birthDate: /^[0-9]{8}$/.test(birth)
      ? `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`
      : birth,
    sex,
  };
}

/** EF 0001: the 12 ASCII digits of the My Number, as a view into `bytes` (zero `bytes` when done). */
export function decodeMyNumber(bytes: Uint8Array): Uint8Array {
  const element = readTlv(bytes);
  if (element.value.length !== 12 || !element.value.every((byte) => byte >= 0x30 && byte <= 0x39)) {
    throw new Error(`My Number EF: tag ${element.tag} does not hold 12 digits`);
  }
  return element.value;
}

export function hashMyNumber(digits: Uint8Array, key: Uint8Array): string {
  if (key.length < MIN_MY_NUMBER_KEY_BYTES) {
    throw new RangeError(`the My Number hash key must have at least ${MIN_MY_NUMBER_KEY_BYTES} bytes`);
  }
  return createHmac('sha256', key).update(digits).digest('hex');
}
