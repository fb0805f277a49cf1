/**
 * vsmartcard-vpcd's wire format: every message is a 2-byte big-endian length and a payload. A 1-byte payload
 * from the reader is a control byte; anything longer is a command APDU, answered with the response APDU.
 */
export const VPCD_PORT = 35963;

export const VPCD_CONTROL = { powerOff: 0x00, powerOn: 0x01, reset: 0x02, sendAtr: 0x04 } as const;

export function frame(payload: Uint8Array): Buffer {
  if (payload.length > 0xffff) throw new RangeError('a vpcd message holds at most 65535 bytes');
  const message = Buffer.alloc(2 + payload.length);
  message.writeUInt16BE(payload.length, 0);
  message.set(payload, 2);
  return message;
}

/** Cuts a TCP byte stream into vpcd payloads; TCP may split or join messages anywhere. */
export class VpcdFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): Uint8Array[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const payloads: Uint8Array[] = [];
    while (this.pending.length >= 2) {
      const length = this.pending.readUInt16BE(0);
      if (this.pending.length < 2 + length) break;
      payloads.push(Uint8Array.prototype.slice.call(this.pending, 2, 2 + length));
      this.pending.fill(0, 0, 2 + length);
      this.pending = this.pending.subarray(2 + length);
    }
    return payloads;
  }
}
