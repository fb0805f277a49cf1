import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store is also the outbox. `transaction_id` (xid8) lets readers take only rows whose
 * transaction can no longer be in flight, so an event that commits late is never skipped.
 */
export class EventStore1764000000000 implements MigrationInterface {
  name = 'EventStore1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text        NOT NULL,
        stream_version  integer     NOT NULL CHECK (stream_version > 0),
        event_id        uuid        NOT NULL,
        type            text        NOT NULL,
        schema_version  integer     NOT NULL CHECK (schema_version > 0),
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_event_id_unique UNIQUE (event_id),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    await db.query(`CREATE INDEX events_commit_order ON events (transaction_id, global_position)`);
    await db.query(`
      CREATE TABLE event_checkpoints (
        name            text        PRIMARY KEY,
        transaction_id  xid8        NOT NULL,
        global_position bigint      NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE event_checkpoints`);
    await db.query(`DROP TABLE events`);
  }
}
