import { hash } from 'node:crypto';

/** A SHA-256 digest: a leaf, an interior node or a tree head. */
export type Hash = Buffer;

export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** One-shot SHA-256: for inputs this small, far cheaper than a createHash object per digest. */
export function sha256(data: Uint8Array): Hash {
  return hash('sha256', data, 'buffer');
}

/** RFC 6962 §2.1: the prefix keeps a leaf from ever passing for an interior node (second preimages). */
export function leafHash(data: Uint8Array): Hash {
  const input = Buffer.allocUnsafe(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return sha256(input);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** MTH({}) = SHA-256(""): the head of a log with no entries. */
export const EMPTY_TREE_ROOT: Hash = sha256(new Uint8Array(0));

export function isHash(value: Uint8Array): boolean {
  return value.length === HASH_SIZE;
}
