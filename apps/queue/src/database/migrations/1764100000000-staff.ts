import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts and the device registry. A device's token stays valid only while its row is not revoked
 * and still names that token, so revoking takes effect on the next request.
 */
export class Staff1764100000000 implements MigrationInterface {
  name = 'Staff1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE staff_accounts (
        id            uuid        PRIMARY KEY,
        login         text        NOT NULL CHECK (login = lower(login) AND length(login) BETWEEN 3 AND 64),
        display_name  text        NOT NULL,
        role          text        NOT NULL CHECK (role IN ('clerk', 'supervisor', 'auditor')),
        password_hash text        NOT NULL CHECK (password_hash LIKE '$scrypt$%'),
        active        boolean     NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL,
        created_by    jsonb       NOT NULL,
        CONSTRAINT staff_accounts_login_unique UNIQUE (login)
      )`);
    await db.query(`
      CREATE TABLE devices (
        id            uuid        PRIMARY KEY,
        kind          text        NOT NULL CHECK (kind IN ('kiosk', 'display')),
        office_id     text        NOT NULL,
        label         text        NOT NULL,
        token_id      uuid        NOT NULL,
        registered_at timestamptz NOT NULL,
        registered_by jsonb       NOT NULL,
        revoked_at    timestamptz,
        revoked_by    jsonb,
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await db.query(`CREATE INDEX devices_office ON devices (office_id) WHERE revoked_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE devices`);
    await db.query(`DROP TABLE staff_accounts`);
  }
}
