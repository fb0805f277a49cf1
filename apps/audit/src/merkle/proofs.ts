import { EMPTY_TREE_ROOT, type Hash, HASH_SIZE, nodeHash } from './hashes';
import { foldRight } from './merkle-frontier';
import {
  assertTreeSize,
  half,
  isOdd,
  isPowerOfTwo,
  largestPowerOfTwoBelow,
  type LeafRange,
  type NodeId,
  perfectSubtreesOf,
} from './tree-shape';

/**
 * Inclusion and consistency proofs of RFC 6962 §2.1.1–2.1.2 (RFC 9162 §2.1.3–2.1.4), in two steps so
 * storage is read once: a plan names the subtree ranges a proof is made of, `nodesOfPlan` the stored
 * perfect subtrees they need, and `resolvePlan` folds them into the proof.
 */
export type ProofPlan = LeafRange[];

/** Looks up a perfect subtree; storage keeps every one that is complete. */
export type NodeLookup = (node: NodeId) => Hash;

/** PATH(m, D[n]) as ranges, the one next to the leaf first. */
export function planInclusionProof(index: number, size: number): ProofPlan {
  assertTreeSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  }
  const plan: ProofPlan = [];
  let start = 0;
  let end = size;
  // Walk down from the root; the siblings met on the way are the proof, deepest first.
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      plan.unshift({ start: start + k, end });
      end = start + k;
    } else {
      plan.unshift({ start, end: start + k });
      start += k;
    }
  }
  return plan;
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) as ranges; empty when m is 0 or n. */
export function planConsistencyProof(fromSize: number, toSize: number): ProofPlan {
  assertTreeSize(fromSize, 'first tree size');
  assertTreeSize(toSize, 'second tree size');
  if (fromSize > toSize) throw new RangeError(`tree size ${fromSize} is larger than ${toSize}`);
  if (fromSize === 0 || fromSize === toSize) return [];
  const plan: ProofPlan = [];
  let start = 0;
  let end = toSize;
  let wholeTreeIsKnown = true;
  while (fromSize !== end) {
    const k = largestPowerOfTwoBelow(end - start);
    if (fromSize <= start + k) {
      plan.unshift({ start: start + k, end });
      end = start + k;
    } else {
      plan.unshift({ start, end: start + k });
      start += k;
      wholeTreeIsKnown = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the verifier does not know this subtree's hash yet.
  if (!wholeTreeIsKnown) plan.unshift({ start, end });
  return plan;
}

/** Every stored node the plan needs, each once. */
export function nodesOfPlan(plan: ProofPlan): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const range of plan) {
    for (const node of perfectSubtreesOf(range)) seen.set(`${node.level}:${node.index}`, node);
  }
  return [...seen.values()];
}

export function resolvePlan(plan: ProofPlan, lookup: NodeLookup): Hash[] {
  return plan.map((range) => rangeHash(range, lookup));
}

/** MTH of leaves [start, end), from the perfect subtrees it is made of. */
export function rangeHash(range: LeafRange, lookup: NodeLookup): Hash {
  return foldRight(perfectSubtreesOf(range).map(lookup)) ?? EMPTY_TREE_ROOT;
}

/** The tree head of the first `size` leaves, from stored nodes. */
export function treeHead(size: number, lookup: NodeLookup): Hash {
  assertTreeSize(size);
  return rangeHash({ start: 0, end: size }, lookup);
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or undefined when the proof cannot be right. */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Hash | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    return undefined;
  }
  if (leaf.length !== HASH_SIZE || proof.some((hash) => hash.length !== HASH_SIZE)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r: Hash = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  return computed !== undefined && computed.equals(root);
}

/** RFC 9162 §2.1.4.2: does the tree of `toSize` leaves extend the one of `fromSize` leaves? */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  proof: readonly Uint8Array[],
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(fromSize) || !Number.isSafeInteger(toSize) || fromSize < 0) return false;
  if (fromSize > toSize) return false;
  if (fromSize === toSize) return proof.length === 0 && Buffer.from(fromRoot).equals(toRoot);
  // Every tree extends the empty one.
  if (fromSize === 0) return proof.length === 0;
  if (proof.length === 0 || proof.some((hash) => hash.length !== HASH_SIZE)) return false;
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Hash = Buffer.from(path[0] as Uint8Array);
  let sr: Hash = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}
