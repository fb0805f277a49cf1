import { MAX_READ_CHUNK, readBinary, selectFile } from './apdu';
import { aborted } from './aborted';
import type { CardChannel } from './card-channel';
import type { Aborted } from './pin-outcomes';
import { tlvSize } from './tlv';

/** Reads a whole TLV-structured EF in chunks of at most 256 bytes; the caller zeroes the result. */
export async function readTlvFile(channel: CardChannel, fid: string): Promise<Uint8Array | Aborted> {
  const file = await channel.send('select', selectFile(fid));
  if (file.kind !== 'ok') return aborted(`select EF ${fid}`, file);
  // Seven bytes cover the longest header we meet (two-byte tag, 82 xx xx length) with room to spare.
  const head = await channel.send('read-binary', readBinary(0, 7));
  if (head.kind !== 'ok') return aborted(`read EF ${fid}`, head);
  const size = tlvSize(head.data);
  if (size === undefined) {
    head.data.fill(0);
    return { outcome: 'aborted', step: `read EF ${fid}`, statusWord: '9000', meaning: 'no TLV header' };
  }
  const content = new Uint8Array(size);
  content.set(head.data.subarray(0, Math.min(size, head.data.length)));
  let offset = head.data.length;
  head.data.fill(0);
  while (offset < size) {
    const chunk = await channel.send(
      'read-binary',
      readBinary(offset, Math.min(MAX_READ_CHUNK, size - offset)),
    );
    if (chunk.kind !== 'ok' || chunk.data.length === 0) {
      content.fill(0);
      return chunk.kind === 'ok'
        ? {
            outcome: 'aborted',
            step: `read EF ${fid}`,
            statusWord: '9000',
            meaning: 'file shorter than its TLV',
          }
        : aborted(`read EF ${fid}`, chunk);
    }
    content.set(chunk.data.subarray(0, size - offset), offset);
    offset += chunk.data.length;
    chunk.data.fill(0);
  }
  return content;
}
