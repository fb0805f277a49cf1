/**
 * The shape of an RFC 6962 tree of `size` leaves, as plain arithmetic. Positions go up to 2^53, so
 * halving is done with division, not with 32-bit shifts.
 */

/** A complete (perfect) subtree: 2^level leaves starting at leaf index × 2^level. Level 0 is a leaf. */
export interface NodeId {
  level: number;
  index: number;
}

/** Leaves [start, end) of a tree: a subtree of the RFC 6962 recursion, perfect or not. */
export interface LeafRange {
  start: number;
  end: number;
}

export function assertTreeSize(size: number, name = 'tree size'): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${size}`);
  }
}

/** The k of RFC 6962 §2.1: the largest power of two smaller than n (n ≥ 2). */
export function largestPowerOfTwoBelow(n: number): number {
  if (n < 2) throw new RangeError(`no power of two below ${n} splits a tree`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

export const half = (n: number): number => Math.floor(n / 2);
export const isOdd = (n: number): boolean => n % 2 === 1;

/**
 * The perfect subtrees that make up the range, largest first. For every range the RFC recursion
 * produces, the start is a multiple of a power of two at least as large as the range, so each piece is
 * aligned and the range's hash is the right fold of theirs.
 */
export function perfectSubtreesOf({ start, end }: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let position = start;
  let remaining = end - start;
  let width = 1;
  let level = 0;
  while (width * 2 <= remaining) {
    width *= 2;
    level++;
  }
  while (remaining > 0) {
    if (width <= remaining) {
      if (position % width !== 0) throw new RangeError(`leaves [${start}, ${end}) are not a subtree`);
      nodes.push({ level, index: position / width });
      position += width;
      remaining -= width;
    }
    width /= 2;
    level--;
  }
  return nodes;
}

/** The last leaf whose append completes this node: from then on it never changes. */
export function lastLeafOf({ level, index }: NodeId): number {
  return (index + 1) * 2 ** level - 1;
}
