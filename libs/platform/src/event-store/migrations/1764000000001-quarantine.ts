import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages a JetStream consumer gave up on (poison, unparsable) are kept here rather than dropped, so
 * someone can read why and replay them. One row per (stream, consumer, stream sequence): a poison message
 * delivered again after its quarantine (a lost term) is stored once.
 */
export class Quarantine1764000000001 implements MigrationInterface {
  name = 'Quarantine1764000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE quarantined_messages (
        id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream          text        NOT NULL,
        consumer        text        NOT NULL,
        stream_sequence bigint      NOT NULL,
        subject         text        NOT NULL,
        message_id      text,
        payload         jsonb,
        payload_text    text,
        error           text        NOT NULL,
        deliveries      integer     NOT NULL CHECK (deliveries > 0),
        quarantined_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT quarantined_messages_payload_once CHECK ((payload IS NULL) <> (payload_text IS NULL)),
        CONSTRAINT quarantined_messages_delivery_unique UNIQUE (stream, consumer, stream_sequence)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE quarantined_messages`);
  }
}
