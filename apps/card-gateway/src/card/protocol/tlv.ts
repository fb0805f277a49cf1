/**
 * The BER-TLV subset the card-info files use: one- or two-byte tags (`D0`, `FF 20`, `DF 22`) and definite
 * lengths (short, `81 xx`, `82 xx xx`).
 */
export interface Tlv {
  /** The tag as hex, e.g. `FF20`. */
  tag: string;
  value: Uint8Array;
  /** Bytes of tag, length and value together. */
  size: number;
}

/** Reads the tag and length only: how many bytes the whole element takes, once `header` holds enough of it. */
export function tlvSize(header: Uint8Array): number | undefined {
  const tagLength = tagLengthAt(header, 0);
  if (tagLength === undefined) return undefined;
  const length = lengthAt(header, tagLength);
  return length === undefined ? undefined : tagLength + length.bytes + length.value;
}

export function readTlv(bytes: Uint8Array, offset = 0): Tlv {
  const tagLength = tagLengthAt(bytes, offset);
  if (tagLength === undefined) throw new Error('TLV: truncated tag');
  const length = lengthAt(bytes, offset + tagLength);
  if (length === undefined) throw new Error('TLV: truncated or unsupported length');
  const start = offset + tagLength + length.bytes;
  if (start + length.value > bytes.length) throw new Error('TLV: value runs past the data');
  let tag = '';
  for (let i = 0; i < tagLength; i += 1)
    tag += (bytes[offset + i] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return {
    tag,
    value: bytes.subarray(start, start + length.value),
    size: tagLength + length.bytes + length.value,
  };
}

/** The elements of a constructed value, in order. */
export function readTlvList(bytes: Uint8Array): Tlv[] {
  const list: Tlv[] = [];
  let offset = 0;
  // Files are padded after their last element (FF or 00 bytes), which is no tag we read.
  while (offset < bytes.length && bytes[offset] !== 0xff && bytes[offset] !== 0x00) {
    const element = readTlv(bytes, offset);
    list.push(element);
    offset += element.size;
  }
  return list;
}

export function encodeTlv(tag: string, value: Uint8Array): Uint8Array {
  const tagBytes = Uint8Array.from(tag.match(/../g) ?? [], (pair) => parseInt(pair, 16));
  const length =
    value.length < 0x80
      ? [value.length]
      : value.length <= 0xff
        ? [0x81, value.length]
        : [0x82, value.length >> 8, value.length & 0xff];
  const out = new Uint8Array(tagBytes.length + length.length + value.length);
  out.set(tagBytes);
  out.set(length, tagBytes.length);
  out.set(value, tagBytes.length + length.length);
  return out;
}

function tagLengthAt(bytes: Uint8Array, offset: number): number | undefined {
  const first = bytes[offset];
  if (first === undefined) return undefined;
  // Low five bits all set: the tag number continues in the next byte (two-byte tags are all we meet).
  if ((first & 0x1f) !== 0x1f) return 1;
  return bytes[offset + 1] === undefined ? undefined : 2;
}

function lengthAt(bytes: Uint8Array, offset: number): { bytes: number; value: number } | undefined {
  const first = bytes[offset];
  if (first === undefined) return undefined;
  if (first < 0x80) return { bytes: 1, value: first };
  if (first === 0x81) {
    const value = bytes[offset + 1];
    return value === undefined ? undefined : { bytes: 2, value };
  }
  if (first === 0x82) {
    const high = bytes[offset + 1];
    const low = bytes[offset + 2];
    return high === undefined || low === undefined ? undefined : { bytes: 3, value: (high << 8) | low };
  }
  return undefined;
}
