import { Client } from 'pg';
import { canonicalJson, type NodeId, type Hash, type TreeNode } from '../merkle';
import type { PersonalField } from './personal-fields';
import { type NodeRow, nodeMapOf, SELECT_NODES, selectNodesParameters } from './tree-node-rows';

/** Only one process may number entries: the one holding this lock. */
const SEQUENCER_LOCK = 'madoguchi:audit-sequencer';

export interface CheckpointRow {
  id: number;
  treeSize: number;
  rootHash: Hash;
  note: string;
  reason: CheckpointReason;
  closesDay: string | null;
  createdAt: Date;
}

export type CheckpointReason = 'interval' | 'day-boundary' | 'shutdown';

/** One entry of a batch append: what `append` takes for one. */
export interface BatchEntryRow {
  sequence: number;
  canonical: string;
  leaf: Hash;
  nodes: readonly TreeNode[];
  personal: readonly PersonalField[];
}

export class SequencerConnectionLostError extends Error {
  override readonly name = 'SequencerConnectionLostError';
}

/**
 * The sequencer's own connection, which holds the session advisory lock for as long as it lives: every
 * append and checkpoint goes through it, so while it is up nobody else can have numbered an entry.
 * A plain `pg` client rather than a pooled one, so that losing it is noticed and the lock known gone.
 */
export class LogWriterRepository {
  private client: Client | undefined;
  private lost = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly applicationName = 'madoguchi-audit-sequencer',
  ) {}

  /** True when this process now holds the lock (on a fresh connection); false when another does. */
  async tryAcquireLock(): Promise<boolean> {
    await this.disconnect();
    const client = new Client({ connectionString: this.databaseUrl, application_name: this.applicationName });
    // Without a listener, a connection dropped between queries would crash the process.
    client.on('error', () => {
      this.lost = true;
    });
    client.on('end', () => {
      this.lost = true;
    });
    await client.connect();
    this.lost = false;
    try {
      const [row] = (
        await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [
          SEQUENCER_LOCK,
        ])
      ).rows;
      if (!row?.locked) {
        await client.end();
        return false;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return true;
  }

  /** The lock lives with the session: a lost connection means a lost lock. */
  get holdsLock(): boolean {
    return this.client !== undefined && !this.lost;
  }

  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  async treeSize(): Promise<number> {
    const [row] = await this.query<{ size: string }>(
      `SELECT coalesce(max(sequence) + 1, 0)::text AS size FROM audit_entries`,
    );
    return Number(row?.size ?? 0);
  }

  async readNodes(ids: readonly NodeId[]): Promise<Map<string, Hash>> {
    if (ids.length === 0) return new Map();
    return nodeMapOf(await this.query<NodeRow>(SELECT_NODES, selectNodesParameters(ids)));
  }

  /**
   * The entry (as the canonical JSON its leaf hashes; the database derives the other columns), the
   * subtrees it completes and its personal fields, in one statement and so one transaction. False when an entry of this event is already there (a redelivery): nothing written.
   */
  async append(
    sequence: number,
    canonical: string,
    leaf: Hash,
    nodes: readonly TreeNode[],
    personal: readonly PersonalField[],
  ): Promise<boolean> {
    const rows = await this.query<{ appended: string }>(
      {
        name: 'audit-append-entry',
        text: `
          WITH entry AS (
            INSERT INTO audit_entries (sequence, canonical, leaf_hash)
            VALUES ($1::bigint, $2, $3)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING sequence
          ), nodes AS (
            INSERT INTO audit_tree_nodes (level, index, hash, completed_by)
            SELECT level, index, hash, $1::bigint
              FROM unnest($4::smallint[], $5::bigint[], $6::bytea[]) AS n(level, index, hash)
             WHERE EXISTS (SELECT FROM entry)
          ), personal AS (
            INSERT INTO audit_personal_fields (sequence, path, salt, value)
            SELECT $1::bigint, path, salt, value::jsonb
              FROM unnest($7::text[], $8::bytea[], $9::text[]) AS p(path, salt, value)
             WHERE EXISTS (SELECT FROM entry)
          )
          SELECT count(*)::text AS appended FROM entry`,
      },
      [
        sequence,
        canonical,
        leaf,
        nodes.map((node) => node.level),
        nodes.map((node) => String(node.index)),
        nodes.map((node) => node.hash),
        personal.map((field) => field.path),
        personal.map((field) => field.salt),
        personal.map((field) => canonicalJson(field.value)),
      ],
    );
    return rows[0]?.appended === '1';
  }

  /**
   * Several entries (numbered on from the tree's size, none of them already in the log), the subtrees
   * they complete and their personal fields, in one statement and so one transaction, with one commit:
   * all of them or, on any error, none.
   */
  async appendBatch(entries: readonly BatchEntryRow[]): Promise<void> {
    const nodes = entries.flatMap((entry) => entry.nodes.map((node) => ({ node, by: entry.sequence })));
    const personal = entries.flatMap((entry) =>
      entry.personal.map((field) => ({ field, sequence: entry.sequence })),
    );
    await this.query(
      {
        name: 'audit-append-batch',
        text: `
          WITH entries AS (
            INSERT INTO audit_entries (sequence, canonical, leaf_hash)
            SELECT sequence, canonical, leaf_hash
              FROM unnest($1::bigint[], $2::text[], $3::bytea[]) AS e(sequence, canonical, leaf_hash)
             ORDER BY sequence
            RETURNING sequence
          ), nodes AS (
            INSERT INTO audit_tree_nodes (level, index, hash, completed_by)
            SELECT level, index, hash, completed_by
              FROM unnest($4::smallint[], $5::bigint[], $6::bytea[], $7::bigint[]) AS n(level, index, hash, completed_by)
          ), personal AS (
            INSERT INTO audit_personal_fields (sequence, path, salt, value)
            SELECT sequence, path, salt, value::jsonb
              FROM unnest($8::bigint[], $9::text[], $10::bytea[], $11::text[]) AS p(sequence, path, salt, value)
          )
          SELECT count(*)::text AS appended FROM entries`,
      },
      [
        entries.map((entry) => String(entry.sequence)),
        entries.map((entry) => entry.canonical),
        entries.map((entry) => entry.leaf),
        nodes.map(({ node }) => node.level),
        nodes.map(({ node }) => String(node.index)),
        nodes.map(({ node }) => node.hash),
        nodes.map(({ by }) => String(by)),
        personal.map(({ sequence }) => String(sequence)),
        personal.map(({ field }) => field.path),
        personal.map(({ field }) => field.salt),
        personal.map(({ field }) => canonicalJson(field.value)),
      ],
    );
  }

  /** The sequence of each of these events already in the log, by lower-case event id. */
  async sequencesOfEvents(eventIds: readonly string[]): Promise<Map<string, number>> {
    if (eventIds.length === 0) return new Map();
    const rows = await this.query<{ event_id: string; sequence: string }>(
      `SELECT event_id::text, sequence::text FROM audit_entries WHERE event_id = ANY($1::uuid[])`,
      [eventIds],
    );
    return new Map(rows.map((row) => [row.event_id.toLowerCase(), Number(row.sequence)]));
  }

  async sequenceOfEvent(eventId: string): Promise<number | undefined> {
    const [row] = await this.query<{ sequence: string }>(
      `SELECT sequence::text FROM audit_entries WHERE event_id = $1`,
      [eventId],
    );
    return row ? Number(row.sequence) : undefined;
  }

  async storeCheckpoint(checkpoint: {
    treeSize: number;
    rootHash: Hash;
    note: string;
    reason: CheckpointReason;
    closesDay?: string;
  }): Promise<CheckpointRow> {
    const [row] = await this.query<RawCheckpointRow>(
      `INSERT INTO audit_checkpoints (tree_size, root_hash, note, reason, closes_day)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING ${CHECKPOINT_COLUMNS.replaceAll('c.', '')}`,
      [
        checkpoint.treeSize,
        checkpoint.rootHash,
        checkpoint.note,
        checkpoint.reason,
        checkpoint.closesDay ?? null,
      ],
    );
    return checkpointOfRow(row as RawCheckpointRow);
  }

  async latestCheckpoint(): Promise<CheckpointRow | undefined> {
    const [row] = await this.query<RawCheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints c ORDER BY c.tree_size DESC, c.id DESC LIMIT 1`,
    );
    return row ? checkpointOfRow(row) : undefined;
  }

  /** The last Asia/Tokyo day a checkpoint closed, if any. */
  async lastClosedDay(): Promise<string | undefined> {
    const [row] = await this.query<{ day: string | null }>(
      `SELECT max(closes_day)::text AS day FROM audit_checkpoints WHERE reason = 'day-boundary'`,
    );
    return row?.day ?? undefined;
  }

  async firstAppendedAt(): Promise<Date | undefined> {
    const [row] = await this.query<{ at: Date }>(
      `SELECT appended_at AS at FROM audit_entries WHERE sequence = 0`,
    );
    return row?.at;
  }

  /** How many entries the log held at `instant` (by the database's clock, as `appended_at`). */
  async treeSizeAt(instant: Date): Promise<number> {
    const [row] = await this.query<{ size: string }>(
      `SELECT coalesce(max(sequence) + 1, 0)::text AS size FROM audit_entries WHERE appended_at < $1`,
      [instant],
    );
    return Number(row?.size ?? 0);
  }

  private async query<Row extends object>(
    statement: string | { name: string; text: string },
    values: unknown[] = [],
  ): Promise<Row[]> {
    const client = this.client;
    if (!client || this.lost) throw new SequencerConnectionLostError('the sequencer has no connection');
    try {
      const config = typeof statement === 'string' ? { text: statement } : statement;
      return (await client.query<Row>({ ...config, values })).rows;
    } catch (error) {
      if (this.lost)
        throw new SequencerConnectionLostError(`the sequencer lost its connection: ${describe(error)}`);
      throw error;
    }
  }
}

interface RawCheckpointRow {
  id: string;
  tree_size: string;
  root_hash: Buffer;
  note: string;
  reason: CheckpointReason;
  closes_day: string | null;
  created_at: Date;
}

export const CHECKPOINT_COLUMNS = `c.id::text, c.tree_size::text, root_hash, note, reason, closes_day::text, created_at`;

export function checkpointOfRow(row: RawCheckpointRow): CheckpointRow {
  return {
    id: Number(row.id),
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    note: row.note,
    reason: row.reason,
    closesDay: row.closes_day,
    createdAt: row.created_at,
  };
}

export type { RawCheckpointRow };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
