import { encodeTlv } from '../protocol/tlv';

/**
 * What the card-info-input application of a simulated card holds. Test data only: the names, address and
 * My Numbers used with the simulator are invented.
 */
export interface CardHolder {
  name: string;
  address: string;
  /** YYYYMMDD, as printed on the card in the Western calendar. */
  birthDate: string;
  /** ISO 5218: 1 male, 2 female, 9 not applicable. */
  sex: '1' | '2' | '9';
  /** 12 ASCII digits. */
  myNumber: string;
}

const utf8 = new TextEncoder();

/** EF 0002: `FF 20` { `DF 21` offsets, `DF 22` name, `DF 23` address, `DF 24` birth date, `DF 25` sex }. */
export function encodeHolderAttributes(holder: CardHolder): Uint8Array {
  const name = encodeTlv('DF22', utf8.encode(holder.name));
  const address = encodeTlv('DF23', utf8.encode(holder.address));
  const birth = encodeTlv('DF24', utf8.encode(holder.birthDate));
  const sex = encodeTlv('DF25', utf8.encode(holder.sex));
  // DF 21 holds where each field starts on the printed card; the protocol does not use it, so any bytes do.
  const offsets = encodeTlv('DF21', Uint8Array.of(0x00, 0x00, 0x00, 0x00));
  return concat(encodeTlv('FF20', concat(offsets, name, address, birth, sex)), Uint8Array.of(0xff, 0xff));
}

/** EF 0001: the My Number as a private-class TLV (`D0 0C` + 12 ASCII digits), as libmyna reads it. */
export function encodeMyNumber(myNumber: string): Uint8Array {
  if (!/^[0-9]{12}$/.test(myNumber)) throw new Error('a My Number has 12 digits');
  return concat(encodeTlv('D0', utf8.encode(myNumber)), Uint8Array.of(0xff, 0xff, 0xff));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
