import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case directory: one row per PIN case, rebuilt from its stream by a projection, so the counter can
 * find a case by office and day, status, proxy letter, ticket number or the letter's printed reference.
 * Nothing personal: codes, dates and ticket numbers only.
 */
export class CaseDirectory1764200000000 implements MigrationInterface {
  name = 'CaseDirectory1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE case_directory (
        case_id          uuid        PRIMARY KEY,
        office_id        text        NOT NULL,
        applied_on       date        NOT NULL,
        procedure        text        NOT NULL,
        applicant        text        NOT NULL,
        status           text        NOT NULL CHECK (status IN ('open', 'closed')),
        outcome          text,
        visit            integer     NOT NULL,
        ticket_numbers   text[]      NOT NULL,
        letter_status    text        NOT NULL,
        letter_reference text,
        letter_mailed_on date,
        letter_deadline  date,
        version          integer     NOT NULL,
        updated_at       timestamptz NOT NULL
      )`);
    await db.query(
      `CREATE INDEX case_directory_office_status ON case_directory (office_id, status, applied_on)`,
    );
    await db.query(`CREATE INDEX case_directory_letter_reference ON case_directory (letter_reference)`);
    await db.query(`CREATE INDEX case_directory_tickets ON case_directory USING gin (ticket_numbers)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE case_directory`);
  }
}
