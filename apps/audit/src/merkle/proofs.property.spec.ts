import fc from 'fast-check';
import { leafHash } from './hashes';
import { InMemoryTree, referenceRoot } from './merkle-test-support';
import {
  planConsistencyProof,
  planInclusionProof,
  resolvePlan,
  treeHead,
  verifyConsistency,
  verifyInclusion,
} from './proofs';

/** A tree of `size` leaves whose data is the leaf's index, so a test needs only the size. */
function treeOf(size: number): InMemoryTree {
  return InMemoryTree.ofData(Array.from({ length: size }, (_, i) => Buffer.from(`entry ${i}`)));
}

/** One bit flipped somewhere in one of the hashes. */
const flipAt = (hashes: readonly Buffer[], which: number, byte: number, bit: number): Buffer[] =>
  hashes.map((hash, i) => {
    if (i !== which) return hash;
    const copy = Buffer.from(hash);
    copy[byte] = (copy[byte] as number) ^ (1 << bit);
    return copy;
  });

const tamper = fc.record({ byte: fc.integer({ min: 0, max: 31 }), bit: fc.integer({ min: 0, max: 7 }) });

describe('Merkle proofs, for trees of many sizes (property-based)', () => {
  it('compute the same head as the RFC 6962 recursion, from stored nodes and from the frontier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), (size) => {
        const tree = treeOf(size);
        const expected = referenceRoot(tree.leaves);
        expect(treeHead(size, tree.lookup)).toEqual(expected);
        expect(tree.frontier.root()).toEqual(expected);
      }),
    );
  });

  it('prove every leaf included, and nothing once any byte of leaf, path or root changes', () => {
    const sizeAndIndex = fc
      .integer({ min: 1, max: 700 })
      .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 })));
    fc.assert(
      fc.property(sizeAndIndex, tamper, fc.nat(), ([size, index], { byte, bit }, pick) => {
        const tree = treeOf(size);
        const root = tree.frontier.root();
        const leaf = tree.leaves[index] as Buffer;
        const proof = resolvePlan(planInclusionProof(index, size), tree.lookup);
        expect(verifyInclusion(index, size, leaf, proof, root)).toBe(true);

        // Whichever of leaf, proof elements and root is altered, the proof fails.
        const parts = [leaf, ...proof, root];
        const altered = flipAt(parts, pick % parts.length, byte, bit);
        const [badLeaf, ...rest] = altered;
        const badRoot = rest.pop() as Buffer;
        expect(verifyInclusion(index, size, badLeaf as Buffer, rest, badRoot)).toBe(false);
        // And it proves nothing about another leaf.
        if (size > 1) expect(verifyInclusion((index + 1) % size, size, leaf, proof, root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('prove every tree consistent with each of its prefixes, and nothing once any byte changes', () => {
    const sizes = fc
      .integer({ min: 1, max: 700 })
      .chain((to) => fc.tuple(fc.integer({ min: 1, max: to }), fc.constant(to)));
    fc.assert(
      fc.property(sizes, tamper, fc.nat(), ([from, to], { byte, bit }, pick) => {
        const tree = treeOf(to);
        const fromRoot = treeHead(from, tree.lookup);
        const toRoot = tree.frontier.root();
        const proof = resolvePlan(planConsistencyProof(from, to), tree.lookup);
        expect(verifyConsistency(from, to, proof, fromRoot, toRoot)).toBe(true);
        if (from === to) return;

        const parts = [fromRoot, ...proof, toRoot];
        const altered = flipAt(parts, pick % parts.length, byte, bit);
        const [badFrom, ...rest] = altered;
        const badTo = rest.pop() as Buffer;
        expect(verifyConsistency(from, to, rest, badFrom as Buffer, badTo)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('reject a consistency proof between a tree and a rewritten history', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 300 })
          .chain((to) => fc.tuple(fc.integer({ min: 1, max: to - 1 }), fc.constant(to))),
        fc.nat(),
        ([from, to], which) => {
          const honest = treeOf(to);
          const rewritten = treeOf(0);
          const changed = which % from;
          honest.leaves.forEach((leaf, i) =>
            rewritten.append(i === changed ? leafHash(Buffer.from('forged')) : leaf),
          );
          const proof = resolvePlan(planConsistencyProof(from, to), rewritten.lookup);
          // The auditor holds the honest head of `from`; the log now shows a history with one entry changed.
          const honestFromRoot = treeHead(from, honest.lookup);
          expect(verifyConsistency(from, to, proof, honestFromRoot, rewritten.frontier.root())).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
