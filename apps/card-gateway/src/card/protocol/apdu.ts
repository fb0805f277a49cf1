import { hexToBytes } from './hex';

/**
 * Command APDUs of card.md "APDUs", short form only. Builders that carry a PIN take its bytes and copy them:
 * the caller owns the PIN buffer and zeroes it, and the command buffer is zeroed by whoever transmits it.
 */
export const INS = {
  select: 0xa4,
  verify: 0x20,
  changeReferenceData: 0x24,
  resetRetryCounter: 0x2c,
  readBinary: 0xb0,
} as const;

/** Instructions whose data field is a PIN: their data is masked in every trace. */
export const PIN_CARRYING_INS: ReadonlySet<number> = new Set([
  INS.verify,
  INS.changeReferenceData,
  INS.resetRetryCounter,
]);

/** The largest chunk one short READ BINARY can return (Le = 00 means 256). */
export const MAX_READ_CHUNK = 256;

function caseThree(cla: number, ins: number, p1: number, p2: number, data: Uint8Array): Uint8Array {
  if (data.length === 0 || data.length > 255)
    throw new RangeError(`data of ${data.length} bytes needs Lc 1-255`);
  const apdu = new Uint8Array(5 + data.length);
  apdu.set([cla, ins, p1, p2, data.length]);
  apdu.set(data, 5);
  return apdu;
}

/** `00 A4 04 0C 0A <AID>`: P2=0C asks for no FCI, which these cards answer with a bare 9000. */
export function selectApplication(aid: string): Uint8Array {
  return caseThree(0x00, INS.select, 0x04, 0x0c, hexToBytes(aid));
}

/** `00 A4 02 0C 02 <FID>`: an EF inside the selected application. */
export function selectFile(fid: string): Uint8Array {
  return caseThree(0x00, INS.select, 0x02, 0x0c, hexToBytes(fid));
}

/** `00 20 00 80 Lc <PIN>`: P2=80 refers to the PIN EF selected last; the PIN is ASCII without padding. */
export function verifyPin(pin: Uint8Array): Uint8Array {
  return caseThree(0x00, INS.verify, 0x00, 0x80, pin);
}

/** `00 20 00 80` without data: the card answers `63 Cx` with the tries left and counts nothing. */
export function queryTriesLeft(): Uint8Array {
  return Uint8Array.of(0x00, INS.verify, 0x00, 0x80);
}

/** `00 24 01 80 Lc <new PIN>`: P1=01 means "new value only", valid right after a verify in the same connection. */
export function changePin(newPin: Uint8Array): Uint8Array {
  return caseThree(0x00, INS.changeReferenceData, 0x01, 0x80, newPin);
}

/** `00 2C 02 80 Lc <new PIN>`: only the simulator's issuer-terminal mode accepts it (no real card does for us). */
export function resetRetryCounter(newPin: Uint8Array): Uint8Array {
  return caseThree(0x00, INS.resetRetryCounter, 0x02, 0x80, newPin);
}

/** `00 B0 <offset hi> <offset lo> <Le>`; Le = 00 asks for 256 bytes. */
export function readBinary(offset: number, length: number): Uint8Array {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0x7fff) throw new RangeError(`offset ${offset}`);
  if (!Number.isInteger(length) || length < 1 || length > MAX_READ_CHUNK)
    throw new RangeError(`Le ${length}`);
  return Uint8Array.of(
    0x00,
    INS.readBinary,
    offset >> 8,
    offset & 0xff,
    length === MAX_READ_CHUNK ? 0 : length,
  );
}
