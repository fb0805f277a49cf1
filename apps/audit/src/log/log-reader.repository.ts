import type { DataSource } from 'typeorm';
import type { Hash, NodeId } from '../merkle';
import type { AuditEntry } from './audit-entry';
import {
  CHECKPOINT_COLUMNS,
  type CheckpointRow,
  checkpointOfRow,
  type RawCheckpointRow,
} from './log-writer.repository';
import { type NodeRow, nodeMapOf, SELECT_NODES, selectNodesParameters } from './tree-node-rows';

export interface StoredEntry {
  sequence: number;
  eventId: string;
  type: string;
  entry: AuditEntry;
  leafHash: Hash;
  appendedAt: Date;
}

/** What verification reads of an entry: the bytes its leaf is the hash of, and the stored leaf. */
export interface StoredLeaf {
  sequence: number;
  canonical: string;
  leafHash: Hash;
}

export interface StoredPersonalField {
  sequence: number;
  path: string;
  salt: Buffer;
  value: unknown;
}

export interface StoredNode extends NodeId {
  hash: Hash;
  completedBy: number;
}

interface EntryRow {
  sequence: string;
  event_id: string;
  type: string;
  entry: AuditEntry;
  leaf_hash: Buffer;
  appended_at: Date;
}

// Columns are cast to text where a bigint could pass 2^53; queries order by the qualified column, not the text.
const ENTRY_COLUMNS = `e.sequence::text, event_id, type, entry, leaf_hash, appended_at`;

/** Reads of the log, by any number of processes (the HTTP readers, the verifier), through the pool. */
export class LogReaderRepository {
  constructor(private readonly dataSource: DataSource) {}

  async treeSize(): Promise<number> {
    const [row]: { size: string }[] = await this.dataSource.query(
      `SELECT coalesce(max(sequence) + 1, 0)::text AS size FROM audit_entries`,
    );
    return Number(row?.size ?? 0);
  }

  async entry(sequence: number): Promise<StoredEntry | undefined> {
    const [row]: EntryRow[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS} FROM audit_entries e WHERE e.sequence = $1`,
      [sequence],
    );
    return row ? entryOfRow(row) : undefined;
  }

  /** Entries [from, to) in order, for a pass over the whole log in batches. */
  async entriesBetween(from: number, to: number): Promise<StoredEntry[]> {
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS} FROM audit_entries e WHERE e.sequence >= $1 AND e.sequence < $2 ORDER BY e.sequence`,
      [from, to],
    );
    return rows.map(entryOfRow);
  }

  async leavesBetween(from: number, to: number): Promise<StoredLeaf[]> {
    const rows: { sequence: string; canonical: string; leaf_hash: Buffer }[] = await this.dataSource.query(
      `SELECT e.sequence::text, canonical, leaf_hash FROM audit_entries e
        WHERE e.sequence >= $1 AND e.sequence < $2 ORDER BY e.sequence`,
      [from, to],
    );
    return rows.map((row) => ({
      sequence: Number(row.sequence),
      canonical: row.canonical,
      leafHash: row.leaf_hash,
    }));
  }

  /**
   * Entries [from, to) in bulk, for verification at speed: their canonical JSON, each after a newline
   * (which canonical JSON never holds), and their leaf hashes back to back, in sequence order.
   */
  async leafBatch(
    from: number,
    to: number,
  ): Promise<{ count: number; canonical: Buffer; leafHashes: Buffer }> {
    // Sent as text, not bytea: hex-encoding megabytes costs more than re-encoding them here. The rows come
    // from an index scan in sequence order (the LIMIT makes the planner take it whatever its statistics
    // say) and are aggregated in that order: an ORDER BY inside the aggregate would sort them again, and
    // a batch of megabytes sorts on disk. Should the server ever aggregate them in another order, the
    // verifier sees it (each entry names its own sequence) and reads the batch row by row.
    const [row]: { count: number; canonical: string | null; leaves: Buffer | null }[] =
      await this.dataSource.query(
        `SELECT count(*)::int AS count, string_agg(canonical, chr(10)) AS canonical,
              string_agg(leaf_hash, ''::bytea) AS leaves
         FROM (SELECT e.canonical, e.leaf_hash FROM audit_entries e
                WHERE e.sequence >= $1 ORDER BY e.sequence LIMIT $2) e`,
        [from, Math.max(0, to - from)],
      );
    const text = row?.canonical ?? '';
    // One spare byte first: verification hashes each entry with the byte before it set to 0x00.
    const canonical = Buffer.allocUnsafe(1 + Buffer.byteLength(text, 'utf8'));
    canonical[0] = 0x0a;
    canonical.write(text, 1, 'utf8');
    return { count: row?.count ?? 0, canonical, leafHashes: row?.leaves ?? Buffer.alloc(0) };
  }

  /** The hashes of the nodes entries [from, to) completed, back to back, in the order their appends made them. */
  async nodeBatch(from: number, to: number): Promise<{ count: number; hashes: Buffer }> {
    const [row]: { count: number; hashes: Buffer | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count, string_agg(hash, ''::bytea ORDER BY n.completed_by, n.level) AS hashes
         FROM audit_tree_nodes n WHERE n.completed_by >= $1 AND n.completed_by < $2`,
      [from, to],
    );
    return { count: row?.count ?? 0, hashes: row?.hashes ?? Buffer.alloc(0) };
  }

  /**
   * How the columns about each event are made, as the catalog says: each should still be generated from
   * `canonical`, and `audit_instant` still the plain cast. A superuser could change either to rewrite a
   * column without touching the leaf.
   */
  async entryColumnDefinitions(): Promise<{
    columns: Record<string, string | null>;
    instantFunction: string | null;
  }> {
    const rows: { column_name: string; generation_expression: string | null }[] = await this.dataSource.query(
      `SELECT column_name, generation_expression FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'audit_entries'`,
    );
    const [fn]: { body: string | null }[] = await this.dataSource.query(
      `SELECT pg_get_functiondef(p.oid) AS body FROM pg_proc p
        WHERE p.proname = 'audit_instant' AND p.pronamespace = current_schema()::regnamespace`,
    );
    return {
      columns: Object.fromEntries(rows.map((row) => [row.column_name, row.generation_expression])),
      instantFunction: fn?.body ?? null,
    };
  }

  /** Rows whose derived columns no longer agree with their entry: looked for only once the schema was changed. */
  async entriesWithAlteredColumns(
    limit = 100,
  ): Promise<{ sequence: number; column: string; eventId: string; type: string }[]> {
    const rows: { sequence: string; column: string; event_id: string; type: string }[] =
      await this.dataSource.query(
        `SELECT e.sequence::text, c.name AS column,
              e.canonical::jsonb #>> '{event,eventId}' AS event_id, e.canonical::jsonb #>> '{event,type}' AS type
         FROM audit_entries e,
         LATERAL (VALUES
           ('entry', e.entry IS DISTINCT FROM e.canonical::jsonb),
           ('event_id', e.event_id::text IS DISTINCT FROM e.canonical::jsonb #>> '{event,eventId}'),
           ('type', e.type IS DISTINCT FROM e.canonical::jsonb #>> '{event,type}'),
           ('stream_id', e.stream_id IS DISTINCT FROM e.canonical::jsonb #>> '{event,streamId}'),
           ('occurred_at', e.occurred_at IS DISTINCT FROM (e.canonical::jsonb #>> '{event,metadata,occurredAt}')::timestamptz),
           ('recorded_at', e.recorded_at IS DISTINCT FROM (e.canonical::jsonb #>> '{event,recordedAt}')::timestamptz)
         ) AS c(name, altered)
        WHERE c.altered ORDER BY e.sequence LIMIT $1`,
        [limit],
      );
    return rows.map((row) => ({
      sequence: Number(row.sequence),
      column: row.column,
      eventId: row.event_id,
      type: row.type,
    }));
  }

  async personalFieldsBetween(from: number, to: number): Promise<StoredPersonalField[]> {
    const rows: { sequence: string; path: string; salt: Buffer; value: unknown }[] =
      await this.dataSource.query(
        `SELECT p.sequence::text, path, salt, value FROM audit_personal_fields p
        WHERE p.sequence >= $1 AND p.sequence < $2 ORDER BY p.sequence, path`,
        [from, to],
      );
    return rows.map((row) => ({ ...row, sequence: Number(row.sequence) }));
  }

  /** Interior nodes completed by entries [from, to), in the order their appends completed them. */
  async nodesCompletedBetween(from: number, to: number): Promise<StoredNode[]> {
    const rows: { level: number; index: string; hash: Buffer; completed_by: string }[] =
      await this.dataSource.query(
        `SELECT level, n.index::text, hash, n.completed_by::text FROM audit_tree_nodes n
        WHERE n.completed_by >= $1 AND n.completed_by < $2 ORDER BY n.completed_by, level`,
        [from, to],
      );
    return rows.map((row) => ({
      level: row.level,
      index: Number(row.index),
      hash: row.hash,
      completedBy: Number(row.completed_by),
    }));
  }

  async readNodes(ids: readonly NodeId[]): Promise<Map<string, Hash>> {
    if (ids.length === 0) return new Map();
    const rows: NodeRow[] = await this.dataSource.query(SELECT_NODES, selectNodesParameters(ids));
    return nodeMapOf(rows);
  }

  async latestCheckpoint(): Promise<CheckpointRow | undefined> {
    const [row]: RawCheckpointRow[] = await this.dataSource.query(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints c ORDER BY c.tree_size DESC, c.id DESC LIMIT 1`,
    );
    return row ? checkpointOfRow(row) : undefined;
  }

  async checkpointsAfter(id: number, limit = 100): Promise<CheckpointRow[]> {
    const rows: RawCheckpointRow[] = await this.dataSource.query(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints c WHERE c.id > $1 ORDER BY c.id LIMIT $2`,
      [id, limit],
    );
    return rows.map(checkpointOfRow);
  }

  /** Every checkpoint, smallest tree first: what a verification checks the recomputed heads against. */
  async allCheckpoints(): Promise<CheckpointRow[]> {
    const rows: RawCheckpointRow[] = await this.dataSource.query(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints c ORDER BY c.tree_size, c.id`,
    );
    return rows.map(checkpointOfRow);
  }
}

function entryOfRow(row: EntryRow): StoredEntry {
  return {
    sequence: Number(row.sequence),
    eventId: row.event_id,
    type: row.type,
    entry: row.entry,
    leafHash: row.leaf_hash,
    appendedAt: row.appended_at,
  };
}
