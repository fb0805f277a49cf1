import { EMPTY_TREE_ROOT, type Hash, nodeHash } from './hashes';
import { assertTreeSize, type NodeId, perfectSubtreesOf } from './tree-shape';

export interface TreeNode extends NodeId {
  hash: Hash;
}

/**
 * The right edge of a growing tree: one perfect subtree per set bit of its size, largest first (a
 * "compact range" from the left edge). Enough to append a leaf, to learn which nodes that append
 * completes, and to compute the tree head, without reading the rest of the tree.
 */
export class MerkleFrontier {
  private readonly nodes: TreeNode[];

  private constructor(
    private treeSize: number,
    nodes: TreeNode[],
  ) {
    this.nodes = nodes;
  }

  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  /** The nodes a frontier of `size` leaves is made of, to be read from storage for `fromNodes`. */
  static nodeIdsFor(size: number): NodeId[] {
    assertTreeSize(size);
    return perfectSubtreesOf({ start: 0, end: size });
  }

  static fromNodes(size: number, nodes: readonly TreeNode[]): MerkleFrontier {
    const expected = MerkleFrontier.nodeIdsFor(size);
    if (
      nodes.length !== expected.length ||
      expected.some((id, i) => nodes[i]?.level !== id.level || nodes[i]?.index !== id.index)
    ) {
      throw new Error(`the nodes given are not the frontier of a tree of ${size} leaves`);
    }
    return new MerkleFrontier(
      size,
      nodes.map((node) => ({ ...node })),
    );
  }

  get size(): number {
    return this.treeSize;
  }

  /** Appends a leaf hash; returns the nodes it completes, the leaf itself (level 0) first. */
  append(leaf: Hash): TreeNode[] {
    const completed: TreeNode[] = [{ level: 0, index: this.treeSize, hash: leaf }];
    this.nodes.push(completed[0] as TreeNode);
    for (;;) {
      const right = this.nodes[this.nodes.length - 1];
      const left = this.nodes[this.nodes.length - 2];
      if (!right || !left || left.level !== right.level) break;
      this.nodes.splice(-2, 2);
      const parent = { level: right.level + 1, index: left.index / 2, hash: nodeHash(left.hash, right.hash) };
      this.nodes.push(parent);
      completed.push(parent);
    }
    this.treeSize++;
    return completed;
  }

  /** MTH of the leaves so far (RFC 6962 §2.1): the right fold of the frontier. */
  root(): Hash {
    return foldRight(this.nodes.map((node) => node.hash)) ?? EMPTY_TREE_ROOT;
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier(
      this.treeSize,
      this.nodes.map((node) => ({ ...node })),
    );
  }
}

/** H(h0, H(h1, … H(hn-1, hn))): the hash of a range from its perfect subtrees, largest first. */
export function foldRight(hashes: readonly Hash[]): Hash | undefined {
  let result: Hash | undefined;
  for (let i = hashes.length - 1; i >= 0; i--) {
    const hash = hashes[i] as Hash;
    result = result === undefined ? hash : nodeHash(hash, result);
  }
  return result;
}
