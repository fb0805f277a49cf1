import { frame, VpcdFrameReader } from './vpcd-framing';

describe('vpcd framing', () => {
  it('prefixes a 2-byte big-endian length', () => {
    expect([...frame(Uint8Array.of(0x90, 0x00))]).toEqual([0x00, 0x02, 0x90, 0x00]);
    expect([...frame(new Uint8Array(300)).subarray(0, 2)]).toEqual([0x01, 0x2c]);
  });

  it('cuts a stream split and joined anywhere into payloads', () => {
    const stream = Buffer.concat([
      frame(Uint8Array.of(0x04)),
      frame(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c)),
      frame(Uint8Array.of(0x01)),
    ]);
    const reader = new VpcdFrameReader();
    const payloads: number[][] = [];
    for (let i = 0; i < stream.length; i += 2) {
      for (const payload of reader.push(stream.subarray(i, i + 2))) payloads.push([...payload]);
    }
    expect(payloads).toEqual([[0x04], [0x00, 0xa4, 0x04, 0x0c], [0x01]]);
  });
});
