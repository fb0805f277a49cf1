import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type CommitPosition,
  ConcurrencyError,
  DuplicateEventError,
  type EventMetadata,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
} from './event-store.types';

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

const UNIQUE_VIOLATION = '23505';

/** Rows whose transaction may still be in flight are held back: see readAllAfter. */
const COMMITTED_BEFORE_ANY_OPEN_TRANSACTION = `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

function expectationHolds(expected: ExpectedVersion): string {
  if (expected === 'any') return 'true';
  if (expected === 'no-stream') return 'current.version = 0';
  if (expected === 'stream-exists') return 'current.version > 0';
  return 'current.version = $7';
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: Number(row.global_position),
    transactionId: row.transaction_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === UNIQUE_VIOLATION && driverError.constraint === constraint;
}

/**
 * Append-only event store on PostgreSQL. Appends are one INSERT … SELECT that checks the expected
 * version in the same statement; the (stream_id, stream_version) unique key settles any race.
 */
export class PostgresEventStore {
  constructor(private readonly dataSource: DataSource) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedVersion: ExpectedVersion; metadata: EventMetadata },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ nextExpectedVersion: number; positions: number[] }> {
    if (events.length === 0) {
      const version = await this.streamVersion(streamId, manager);
      return { nextExpectedVersion: version, positions: [] };
    }
    const { expectedVersion, metadata } = options;
    const parameters: unknown[] = [
      streamId,
      events.map((event) => event.eventId ?? randomUUID()),
      events.map((event) => event.type),
      events.map((event) => event.schemaVersion),
      events.map((event) => JSON.stringify(event.data)),
      JSON.stringify(metadata),
    ];
    if (typeof expectedVersion === 'number') parameters.push(expectedVersion);
    let rows: { global_position: string; stream_version: number }[];
    try {
      rows = await manager.query(
        `WITH current AS (
           SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1
         )
         INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata)
         SELECT $1, current.version + e.ordinal, e.event_id, e.type, e.schema_version, e.data, $6::jsonb
           FROM current,
                unnest($2::uuid[], $3::text[], $4::int[], $5::jsonb[])
                  WITH ORDINALITY AS e(event_id, type, schema_version, data, ordinal)
          WHERE ${expectationHolds(expectedVersion)}
         RETURNING global_position, stream_version`,
        parameters,
      );
    } catch (error) {
      if (isUniqueViolation(error, 'events_stream_version_unique')) {
        throw new ConcurrencyError(streamId, expectedVersion, await this.streamVersion(streamId, manager));
      }
      if (isUniqueViolation(error, 'events_event_id_unique')) throw new DuplicateEventError(streamId);
      throw error;
    }
    if (rows.length === 0) {
      throw new ConcurrencyError(streamId, expectedVersion, await this.streamVersion(streamId, manager));
    }
    return {
      nextExpectedVersion: Math.max(...rows.map((row) => row.stream_version)),
      positions: rows.map((row) => Number(row.global_position)),
    };
  }

  async readStream(
    streamId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ events: RecordedEvent[]; version: number }> {
    const rows: EventRow[] = await manager.query(
      `SELECT * FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    const events = rows.map(toRecorded);
    return { events, version: events.at(-1)?.streamVersion ?? 0 };
  }

  /**
   * Events after `position` in commit-safe order. Only rows older than every transaction still open
   * are returned, and they are ordered by transaction then position, so a reader that stores the last
   * position it saw can never step over an event whose transaction commits later.
   */
  async readAllAfter(
    position: CommitPosition,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RecordedEvent[]> {
    const rows: EventRow[] = await manager.query(
      `SELECT * FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND ${COMMITTED_BEFORE_ANY_OPEN_TRANSACTION}
        ORDER BY transaction_id, global_position
        LIMIT $3`,
      [position.transactionId, position.globalPosition, limit],
    );
    return rows.map(toRecorded);
  }

  async streamVersion(streamId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row]: { version: number }[] = await manager.query(
      `SELECT coalesce(max(stream_version), 0)::int AS version FROM events WHERE stream_id = $1`,
      [streamId],
    );
    return row?.version ?? 0;
  }
}
