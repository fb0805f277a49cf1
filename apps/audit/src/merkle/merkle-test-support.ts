import { type Hash, leafHash, nodeHash, EMPTY_TREE_ROOT } from './hashes';
import { MerkleFrontier } from './merkle-frontier';
import type { NodeLookup } from './proofs';
import type { NodeId } from './tree-shape';

/** MTH(D[n]) straight from RFC 6962 §2.1, recursion and all: the reference the fast code is checked against. */
export function referenceRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_TREE_ROOT;
  if (leaves.length === 1) return leaves[0] as Hash;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** A tree of `size` leaves kept in memory the way storage keeps it: every completed node by id. */
export class InMemoryTree {
  readonly frontier = MerkleFrontier.empty();
  readonly leaves: Hash[] = [];
  private readonly nodes = new Map<string, Hash>();

  static ofData(data: readonly Uint8Array[]): InMemoryTree {
    const tree = new InMemoryTree();
    for (const item of data) tree.append(leafHash(item));
    return tree;
  }

  append(leaf: Hash): void {
    this.leaves.push(leaf);
    for (const node of this.frontier.append(leaf)) this.nodes.set(`${node.level}:${node.index}`, node.hash);
  }

  readonly lookup: NodeLookup = ({ level, index }: NodeId) => {
    const hash = this.nodes.get(`${level}:${index}`);
    if (!hash) throw new Error(`node ${level}:${index} is not complete`);
    return hash;
  };
}
