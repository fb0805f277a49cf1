import type { Hash, NodeId, TreeNode } from '../merkle';

/** Rows of stored nodes: leaves (level 0) live in audit_entries, the complete subtrees above in audit_tree_nodes. */
export interface NodeRow {
  level: number;
  index: string;
  hash: Buffer;
}

export const SELECT_NODES = `
  SELECT 0 AS level, sequence::text AS index, leaf_hash AS hash
    FROM audit_entries WHERE sequence = ANY($1::bigint[])
  UNION ALL
  SELECT level, index::text, hash
    FROM audit_tree_nodes n JOIN unnest($2::smallint[], $3::bigint[]) AS wanted(level, index) USING (level, index)`;

export function selectNodesParameters(ids: readonly NodeId[]): [string[], number[], string[]] {
  const leaves = ids.filter((id) => id.level === 0).map((id) => String(id.index));
  const inner = ids.filter((id) => id.level > 0);
  return [leaves, inner.map((id) => id.level), inner.map((id) => String(id.index))];
}

export const nodeKey = ({ level, index }: NodeId): string => `${level}:${index}`;

export function nodeMapOf(rows: readonly NodeRow[]): Map<string, Hash> {
  return new Map(
    rows.map((row) => [nodeKey({ level: Number(row.level), index: Number(row.index) }), row.hash]),
  );
}

/** The nodes asked for, in order; a missing one means the tree is not stored as it should be. */
export function nodesInOrder(ids: readonly NodeId[], found: Map<string, Hash>): TreeNode[] {
  return ids.map((id) => {
    const hash = found.get(nodeKey(id));
    if (!hash) throw new MissingTreeNodeError(id);
    return { ...id, hash };
  });
}

export class MissingTreeNodeError extends Error {
  override readonly name = 'MissingTreeNodeError';
  constructor(readonly node: NodeId) {
    super(`tree node ${node.level}:${node.index} is not stored`);
  }
}
