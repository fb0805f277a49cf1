import { EMPTY_TREE_ROOT, leafHash } from './hashes';
import { InMemoryTree } from './merkle-test-support';
import {
  nodesOfPlan,
  planConsistencyProof,
  planInclusionProof,
  resolvePlan,
  treeHead,
  verifyConsistency,
  verifyInclusion,
} from './proofs';

/**
 * The known answers of the Certificate Transparency reference tests (transparency-dev/merkle
 * proof/verify_test.go, from certificate-transparency merkle_tree_test.cc). Leaf indexes are 0-based here.
 */
const hex = (text: string): Buffer => Buffer.from(text, 'hex');

const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(hex);

const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hex);

const rootOf = (size: number): Buffer => ROOTS[size - 1] as Buffer;

const INCLUSION_PROOFS: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const CONSISTENCY_PROOFS: { from: number; to: number; proof: string[] }[] = [
  { from: 1, to: 1, proof: [] },
  {
    from: 1,
    to: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    from: 6,
    to: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

describe('the Merkle log passes the RFC 6962 test vectors', () => {
  const tree = InMemoryTree.ofData(LEAVES);

  it('gives the empty tree the hash of the empty string', () => {
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(treeHead(0, tree.lookup)).toEqual(EMPTY_TREE_ROOT);
  });

  it.each(ROOTS.map((root, i) => [i + 1, root.toString('hex')] as const))(
    'computes the head of the tree of the first %i leaves',
    (size, root) => {
      expect(treeHead(size, tree.lookup).toString('hex')).toBe(root);
    },
  );

  it('keeps the same head in the frontier used for appends', () => {
    expect(tree.frontier.root().toString('hex')).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
  });

  it.each(INCLUSION_PROOFS)('proves leaf $index in the tree of $size leaves', ({ index, size, proof }) => {
    const plan = planInclusionProof(index, size);
    const built = resolvePlan(plan, tree.lookup).map((hash) => hash.toString('hex'));
    expect(built).toEqual(proof);
    const leaf = leafHash(LEAVES[index] as Buffer);
    expect(verifyInclusion(index, size, leaf, proof.map(hex), rootOf(size))).toBe(true);
    // The plan reads stored nodes only, none twice.
    const nodes = nodesOfPlan(plan);
    expect(new Set(nodes.map((node) => `${node.level}:${node.index}`)).size).toBe(nodes.length);
  });

  it.each(CONSISTENCY_PROOFS)(
    'proves the tree of $to leaves extends the one of $from',
    ({ from, to, proof }) => {
      const built = resolvePlan(planConsistencyProof(from, to), tree.lookup).map((hash) =>
        hash.toString('hex'),
      );
      expect(built).toEqual(proof);
      expect(verifyConsistency(from, to, proof.map(hex), rootOf(from), rootOf(to))).toBe(true);
    },
  );

  describe('rejects what the reference tests reject', () => {
    const someHash = hex('abacaba000000000000000000000000000000000000000000060061e00123456');

    it.each([
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 1],
    ])(
      'an inclusion proof of leaf %i in a tree of %i with an empty proof and a wrong root',
      (index, size) => {
        expect(verifyInclusion(index, size, someHash, [], Buffer.alloc(0))).toBe(false);
        expect(verifyInclusion(index, size, Buffer.alloc(0), [], EMPTY_TREE_ROOT)).toBe(false);
        expect(verifyInclusion(index, size, someHash, [], EMPTY_TREE_ROOT)).toBe(false);
      },
    );

    it.each(INCLUSION_PROOFS.filter(({ proof }) => proof.length > 0))(
      'every corruption of the proof of leaf $index in $size',
      ({ index, size, proof }) => {
        const leaf = leafHash(LEAVES[index] as Buffer);
        const root = rootOf(size);
        const path = proof.map(hex);
        const flipped = (i: number) => path.map((hash, j) => (j === i ? flipBit(hash, 3) : hash));
        const probes: [number, number, Buffer, Buffer[], Buffer][] = [
          [index - 1, size, leaf, path, root],
          [index + 1, size, leaf, path, root],
          [index ^ 2, size, leaf, path, root],
          [index, size * 2, leaf, path, root],
          [index, Math.floor(size / 2), leaf, path, root],
          [index, size, Buffer.from('WrongLeaf'), path, root],
          [index, size, leaf, path, EMPTY_TREE_ROOT],
          [index, size, leaf, path, someHash],
          [index, size, leaf, [...path, Buffer.alloc(0)], root],
          [index, size, leaf, [...path, root], root],
          [index, size, leaf, [Buffer.alloc(0), ...path], root],
          [index, size, leaf, [root, ...path], root],
          [index, size, leaf, path.slice(0, -1), root],
          ...path.map(
            (_, i) => [index, size, leaf, flipped(i), root] as [number, number, Buffer, Buffer[], Buffer],
          ),
        ];
        if (path.length > 1)
          probes.push([index, size, leaf, [path[0] as Buffer, someHash, ...path.slice(1)], root]);
        for (const probe of probes) expect(verifyInclusion(...probe)).toBe(false);
      },
    );

    it('consistency between sizes that do not line up', () => {
      const root1 = Buffer.from("don't care 1");
      const root2 = Buffer.from("don't care 2");
      expect(verifyConsistency(0, 0, [], root1, root2)).toBe(false);
      expect(verifyConsistency(1, 1, [], root1, root2)).toBe(false);
      expect(verifyConsistency(0, 0, [], root1, root1)).toBe(true);
      expect(verifyConsistency(0, 1, [], root1, root2)).toBe(true);
      expect(verifyConsistency(1, 1, [], root2, root2)).toBe(true);
      expect(verifyConsistency(1, 0, [], root1, root2)).toBe(false);
      expect(verifyConsistency(2, 1, [], root1, root2)).toBe(false);
      expect(verifyConsistency(1, 2, [], root1, root2)).toBe(false);
      expect(verifyConsistency(0, 0, [], EMPTY_TREE_ROOT, root2)).toBe(false);
      expect(verifyConsistency(1, 1, [], EMPTY_TREE_ROOT, root2)).toBe(false);
      expect(verifyConsistency(0, 0, [EMPTY_TREE_ROOT], EMPTY_TREE_ROOT, EMPTY_TREE_ROOT)).toBe(false);
      expect(verifyConsistency(0, 1, [EMPTY_TREE_ROOT], EMPTY_TREE_ROOT, EMPTY_TREE_ROOT)).toBe(false);
      expect(verifyConsistency(1, 1, [EMPTY_TREE_ROOT], EMPTY_TREE_ROOT, EMPTY_TREE_ROOT)).toBe(false);
    });

    it.each(CONSISTENCY_PROOFS.filter(({ proof }) => proof.length > 0))(
      'every corruption of the consistency proof from $from to $to',
      ({ from, to, proof }) => {
        const root1 = rootOf(from);
        const root2 = rootOf(to);
        const path = proof.map(hex);
        const wrong = Buffer.from('WrongRoot');
        const probes: [number, number, Buffer[], Buffer, Buffer][] = [
          [from - 1, to, path, root1, root2],
          [from + 1, to, path, root1, root2],
          [from ^ 2, to, path, root1, root2],
          [from, to * 2, path, root1, root2],
          [from, Math.floor(to / 2), path, root1, root2],
          [from, to, path, wrong, root2],
          [from, to, path, root1, wrong],
          [from, to, path, root2, root1],
          [from, to, [], root1, root2],
          [from, to, [...path, Buffer.alloc(0)], root1, root2],
          [from, to, [...path, root1], root1, root2],
          [from, to, [...path, root2], root1, root2],
          [from, to, [Buffer.alloc(0), ...path], root1, root2],
          [from, to, [root1, ...path], root1, root2],
          [from, to, [root2, ...path], root1, root2],
          [from, to, [path[0] as Buffer, ...path], root1, root2],
          [from, to, path.slice(0, -1), root1, root2],
          ...path.map(
            (_, i) =>
              [from, to, path.map((hash, j) => (j === i ? flipBit(hash, 4) : hash)), root1, root2] as [
                number,
                number,
                Buffer[],
                Buffer,
                Buffer,
              ],
          ),
        ];
        for (const probe of probes) expect(verifyConsistency(...probe)).toBe(false);
      },
    );
  });
});

function flipBit(hash: Buffer, bit: number): Buffer {
  const copy = Buffer.from(hash);
  copy[0] = (copy[0] as number) ^ (1 << bit);
  return copy;
}
