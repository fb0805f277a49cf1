import { hash } from 'node:crypto';
import { EMPTY_TREE_ROOT, type Hash, HASH_SIZE, foldRight } from '../merkle';

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/**
 * The verifier's Merkle frontier (RFC 6962 §2.1), built for a pass over millions of leaves: the same
 * tree as `MerkleFrontier`, but each hash is held as a 32-character latin1 string (one char per byte).
 * (Node's 'binary' encoding is latin1.) A digest returned as a string costs V8 a small heap string, where a Buffer costs an ArrayBuffer with a
 * backing store that the garbage collector must track and free; interior nodes are hashed from one
 * reused 65-byte buffer. Half the cost per hash, and no objects per append.
 */
export class BinaryFrontier {
  /** One perfect subtree per set bit of the size, largest first: their hashes. */
  private readonly stack: string[] = [];
  private readonly nodeInput = Buffer.allocUnsafe(1 + 2 * HASH_SIZE);
  private treeSize = 0;
  /** The interior nodes the last append completed, lowest first (level 1, 2, …); `completedCount` of them. */
  readonly completed: string[] = [];
  completedCount = 0;

  get size(): number {
    return this.treeSize;
  }

  /** The leaf hash of an entry's bytes that follow one spare byte, which is set to the leaf prefix. */
  static leafOf(spareByteAndData: Buffer): string {
    spareByteAndData[0] = LEAF_PREFIX;
    return hash('sha256', spareByteAndData, 'binary');
  }

  /** Appends a leaf hash; `completed[0 … completedCount-1]` are then the interior nodes it completed. */
  append(leaf: string): void {
    const { stack, nodeInput } = this;
    let right = leaf;
    let count = 0;
    // Leaf number treeSize completes one node per trailing 1 bit of treeSize (levels 1, 2, …).
    for (let size = this.treeSize; size % 2 === 1; size = (size - 1) / 2) {
      const left = stack.pop() as string;
      nodeInput[0] = NODE_PREFIX;
      nodeInput.write(left, 1, 'latin1');
      nodeInput.write(right, 1 + HASH_SIZE, 'latin1');
      right = hash('sha256', nodeInput, 'binary');
      this.completed[count++] = right;
    }
    stack.push(right);
    this.completedCount = count;
    this.treeSize++;
  }

  /** The level-`level` node that the last append completed: its index at that level. */
  completedIndex(level: number): number {
    return Math.floor(this.treeSize / 2 ** level) - 1;
  }

  /** MTH of the leaves so far. */
  root(): Hash {
    return foldRight(this.stack.map((node) => Buffer.from(node, 'latin1'))) ?? EMPTY_TREE_ROOT;
  }
}
