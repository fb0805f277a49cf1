import fc from 'fast-check';
import { leafHash, MerkleFrontier } from '../merkle';
import { referenceRoot } from '../merkle/merkle-test-support';
import { BinaryFrontier } from './binary-frontier';

describe("the verifier's frontier: the same tree as MerkleFrontier, hashes held as latin1 text", () => {
  it('hashes a leaf in place, as RFC 6962 does (0x00 ‖ data)', () => {
    const data = Buffer.from('{"sequence":0}');
    const withSpareByte = Buffer.concat([Buffer.of(0x0a), data]);
    expect(Buffer.from(BinaryFrontier.leafOf(withSpareByte), 'latin1')).toEqual(leafHash(data));
  });

  it('completes the same nodes in the same order, and reaches the same root, at every size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), (size) => {
        const reference = MerkleFrontier.empty();
        const fast = new BinaryFrontier();
        const leaves: Buffer[] = [];
        for (let n = 0; n < size; n++) {
          const leaf = leafHash(Buffer.from(`entry ${n}`));
          leaves.push(leaf);
          const expected = reference.append(leaf).filter((node) => node.level > 0);
          fast.append(leaf.toString('latin1'));
          const completed = Array.from({ length: fast.completedCount }, (_, k) => ({
            level: k + 1,
            index: fast.completedIndex(k + 1),
            hash: Buffer.from(fast.completed[k]!, 'latin1'),
          }));
          expect(completed).toEqual(expected);
        }
        expect(fast.size).toBe(size);
        expect(fast.root()).toEqual(referenceRoot(leaves));
      }),
      { numRuns: 40 },
    );
  });
});
