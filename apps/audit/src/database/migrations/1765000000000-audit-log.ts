import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the audit app works as: it may add to the log and read it, nothing else. */
export const AUDIT_WRITER_ROLE = 'madoguchi_audit_writer';

const LOG_TABLES = ['audit_entries', 'audit_tree_nodes', 'audit_checkpoints'] as const;

/**
 * The append-only Merkle log (RFC 6962): entries numbered from 0 with no gap, each stored as the exact
 * canonical JSON its leaf hashes; the complete subtrees above them, so a proof reads a few rows; personal
 * fields apart from the entries (only their salted hash is in the leaf, so they can be erased without
 * breaking the tree); and the signed checkpoints.
 * Triggers refuse UPDATE, DELETE and TRUNCATE, for every role the triggers bind; the writer role is
 * granted INSERT and SELECT only.
 */
export class AuditLog1765000000000 implements MigrationInterface {
  name = 'AuditLog1765000000000';

  async up(db: QueryRunner): Promise<void> {
    // Event instants always carry their offset ('Z' or +09:00), so neither TimeZone nor DateStyle changes
    // what they parse to: the cast is immutable for every value the log holds, as a generated column needs.
    await db.query(`
      CREATE FUNCTION audit_instant(text) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN $1::timestamptz`);
    // `canonical` is the leaf's preimage, byte for byte; every other column about the event is derived from
    // it by the database, so none can be changed on its own and verification needs to hash `canonical` only.
    await db.query(`
      CREATE TABLE audit_entries (
        sequence    bigint      PRIMARY KEY CHECK (sequence >= 0),
        -- Every entry but the first has its predecessor: the sequence has no gap, by construction.
        previous    bigint      GENERATED ALWAYS AS (CASE WHEN sequence = 0 THEN NULL ELSE sequence - 1 END) STORED
                                REFERENCES audit_entries (sequence),
        canonical   text        NOT NULL,
        leaf_hash   bytea       NOT NULL CHECK (octet_length(leaf_hash) = 32),
        appended_at timestamptz NOT NULL DEFAULT now(),
        entry       jsonb       NOT NULL GENERATED ALWAYS AS (canonical::jsonb) STORED,
        event_id    uuid        NOT NULL GENERATED ALWAYS AS ((canonical::jsonb #>> '{event,eventId}')::uuid) STORED,
        type        text        NOT NULL GENERATED ALWAYS AS (canonical::jsonb #>> '{event,type}') STORED,
        stream_id   text        NOT NULL GENERATED ALWAYS AS (canonical::jsonb #>> '{event,streamId}') STORED,
        occurred_at timestamptz NOT NULL
                    GENERATED ALWAYS AS (audit_instant(canonical::jsonb #>> '{event,metadata,occurredAt}')) STORED,
        recorded_at timestamptz NOT NULL
                    GENERATED ALWAYS AS (audit_instant(canonical::jsonb #>> '{event,recordedAt}')) STORED,
        CONSTRAINT audit_entries_event_id_unique UNIQUE (event_id),
        CONSTRAINT audit_entries_numbered_as_written CHECK ((canonical::jsonb ->> 'sequence')::bigint = sequence)
      )`);
    await db.query(`CREATE INDEX audit_entries_appended_at ON audit_entries (appended_at)`);
    await db.query(`CREATE INDEX audit_entries_occurred_at ON audit_entries (type, occurred_at)`);
    // Reports read whole case streams and the card gateway's events about a case.
    await db.query(`CREATE INDEX audit_entries_stream ON audit_entries (stream_id, sequence)`);
    await db.query(`CREATE INDEX audit_entries_case_id ON audit_entries ((entry #>> '{event,data,caseId}'))`);
    await db.query(`
      CREATE TABLE audit_tree_nodes (
        level        smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
        index        bigint   NOT NULL CHECK (index >= 0),
        hash         bytea    NOT NULL CHECK (octet_length(hash) = 32),
        -- The entry whose append completed this subtree; the node never changes after it.
        completed_by bigint   NOT NULL REFERENCES audit_entries (sequence),
        PRIMARY KEY (level, index),
        CHECK (completed_by = (index + 1) * (1::bigint << level) - 1)
      )`);
    await db.query(`CREATE INDEX audit_tree_nodes_completed_by ON audit_tree_nodes (completed_by)`);
    await db.query(`
      CREATE TABLE audit_personal_fields (
        sequence bigint NOT NULL REFERENCES audit_entries (sequence),
        path     text   NOT NULL,
        salt     bytea  NOT NULL CHECK (octet_length(salt) = 16),
        value    jsonb  NOT NULL,
        PRIMARY KEY (sequence, path)
      )`);
    await db.query(`
      CREATE TABLE audit_checkpoints (
        id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tree_size  bigint      NOT NULL CHECK (tree_size >= 0),
        root_hash  bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
        note       text        NOT NULL,
        reason     text        NOT NULL CHECK (reason IN ('interval', 'day-boundary', 'shutdown')),
        -- For a day-boundary checkpoint: the Asia/Tokyo day it closes.
        closes_day date        CHECK ((reason = 'day-boundary') = (closes_day IS NOT NULL)),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX audit_checkpoints_tree_size ON audit_checkpoints (tree_size)`);
    await db.query(`CREATE UNIQUE INDEX audit_checkpoints_one_per_day ON audit_checkpoints (closes_day)`);

    await db.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of LOG_TABLES) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
    }
    // A personal field may be erased (DELETE, by an administrator: the writer role may not), never rewritten.
    await db.query(`
      CREATE TRIGGER audit_personal_fields_no_rewrite BEFORE UPDATE OR TRUNCATE ON audit_personal_fields
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);

    // Roles belong to the cluster, so another database (or a parallel migration) may have created it.
    await db.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${AUDIT_WRITER_ROLE}') THEN
          CREATE ROLE ${AUDIT_WRITER_ROLE} NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END
      $$`);
    await db.query(`REVOKE ALL ON ${[...LOG_TABLES, 'audit_personal_fields'].join(', ')} FROM PUBLIC`);
    await db.query(
      `GRANT SELECT, INSERT ON ${[...LOG_TABLES, 'audit_personal_fields', 'quarantined_messages'].join(', ')}
       TO ${AUDIT_WRITER_ROLE}`,
    );
    await db.query(`
      DO $$
      DECLARE sequence_name text;
      BEGIN
        FOREACH sequence_name IN ARRAY ARRAY[
          pg_get_serial_sequence('audit_checkpoints', 'id'),
          pg_get_serial_sequence('quarantined_messages', 'id')
        ] LOOP
          EXECUTE format('GRANT USAGE ON SEQUENCE %s TO ${AUDIT_WRITER_ROLE}', sequence_name);
        END LOOP;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    // The role stays: other databases of the cluster may grant it.
    await db.query(`REVOKE ALL ON quarantined_messages FROM ${AUDIT_WRITER_ROLE}`);
    await db.query(`DROP TABLE audit_checkpoints, audit_personal_fields, audit_tree_nodes, audit_entries`);
    await db.query(`DROP FUNCTION audit_log_refuse_change()`);
    await db.query(`DROP FUNCTION audit_instant(text)`);
  }
}
