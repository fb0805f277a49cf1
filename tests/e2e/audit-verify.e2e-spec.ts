import { Client } from 'pg';
import { AuditHarness } from '../support/audit-harness';
import { auditedEvent } from '../../apps/audit/test-support/audited-events';
import { leafOfEntry, type AuditEntry } from '../../apps/audit/src/log/audit-entry';
import { canonicalJson, MerkleFrontier } from '../../apps/audit/src/merkle';
import {
  EXIT_NOT_VERIFIED,
  EXIT_VERIFIED,
  runVerifyCommand,
} from '../../apps/audit/src/verify/verify.command';

const ENTRIES = 40;

/**
 * R7: a row of the audit log altered by a database superuser. `npm run audit:verify` (its command, run
 * in-process) must name the first bad entry, however much of the table the superuser rewrote to match.
 */
describe('R7: npm run audit:verify names what a superuser changed', () => {
  let audit: AuditHarness;
  let superuser: Client;

  beforeEach(async () => {
    audit = await AuditHarness.create();
    await audit.start();
    let last = 0;
    for (let n = 0; n < ENTRIES; n++) {
      last = await audit.publish(auditedEvent(n % 7 === 3 ? 'PinLocked' : 'TicketIssued', { n }));
    }
    await audit.waitForSettled(last);
    await audit.waitForCheckpoint(ENTRIES);
    await audit.stop(); // the last checkpoints go to the stream on the way out
    superuser = new Client({ connectionString: audit.config.DATABASE_URL });
    await superuser.connect();
    Object.assign(process.env, {
      DATABASE_URL: audit.config.DATABASE_URL,
      NATS_URL: audit.config.NATS_URL,
      NATS_SUBJECT_PREFIX: audit.config.NATS_SUBJECT_PREFIX,
      JETSTREAM_STREAM: audit.config.JETSTREAM_STREAM,
    });
  });

  afterEach(async () => {
    await superuser?.end();
    await audit?.destroy();
  });

  async function verify(...args: string[]): Promise<{ exitCode: number; output: string }> {
    let output = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output += String(chunk);
      return true;
    });
    try {
      return { exitCode: await runVerifyCommand(args), output };
    } finally {
      write.mockRestore();
    }
  }

  /** As a superuser would: with the append-only triggers switched off for the session. */
  async function tamper(statement: string, values: unknown[] = []): Promise<void> {
    await superuser.query(`SET session_replication_role = replica`);
    await superuser.query(statement, values);
    await superuser.query(`SET session_replication_role = DEFAULT`);
  }

  async function entryOf(sequence: number): Promise<AuditEntry> {
    const { rows } = await superuser.query<{ entry: AuditEntry }>(
      `SELECT entry FROM audit_entries WHERE sequence = $1`,
      [sequence],
    );
    return rows[0]!.entry;
  }

  it('passes an untouched log, checking the checkpoints in the database and on the stream', async () => {
    const { exitCode, output } = await verify();
    expect(output).toContain(`entries:     ${ENTRIES} recomputed`);
    expect(output).toMatch(/checkpoints: \d+ in the database, \d+ on stream MADOGUCHI_\w+_CHECKPOINTS/);
    expect(output).toContain('OK: the log verifies');
    expect(exitCode).toBe(EXIT_VERIFIED);
  });

  it('names an entry whose content was changed', async () => {
    await tamper(
      `UPDATE audit_entries SET canonical = replace(canonical, '"n":17', '"n":999') WHERE sequence = 17`,
    );
    const { exitCode, output } = await verify();
    expect(output).toMatch(
      /FAILED: first bad entry 17 \(event [0-9a-f-]{36}, PinLocked\): its content no longer hashes/,
    );
    expect(exitCode).toBe(EXIT_NOT_VERIFIED);
  });

  it('still names it when the trigger was disabled and the leaf hash rewritten to match', async () => {
    const entry = await entryOf(17);
    const forged = { ...entry, event: { ...entry.event, data: { n: 999 } } };
    await superuser.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only`);
    await superuser.query(`UPDATE audit_entries SET canonical = $1, leaf_hash = $2 WHERE sequence = 17`, [
      canonicalJson(forged),
      leafOfEntry(forged),
    ]);
    await superuser.query(`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only`);
    const { exitCode, output } = await verify();
    expect(output).toContain(
      'FAILED: first bad entry 16: an entry among 16–17 was changed together with its leaf hash',
    );
    expect(exitCode).toBe(EXIT_NOT_VERIFIED);
  });

  it('still catches it when entry, leaf and every tree node were rewritten: the signed checkpoints disagree', async () => {
    const entry = await entryOf(17);
    const forged = { ...entry, event: { ...entry.event, data: { n: 999 } } };
    await tamper(`UPDATE audit_entries SET canonical = $1, leaf_hash = $2 WHERE sequence = 17`, [
      canonicalJson(forged),
      leafOfEntry(forged),
    ]);
    // Recompute and rewrite every stored node from the (now forged) leaves.
    const { rows } = await superuser.query<{ leaf_hash: Buffer }>(
      `SELECT leaf_hash FROM audit_entries ORDER BY sequence`,
    );
    const frontier = MerkleFrontier.empty();
    for (const { leaf_hash } of rows) {
      for (const node of frontier.append(leaf_hash).filter((completed) => completed.level > 0)) {
        await tamper(`UPDATE audit_tree_nodes SET hash = $3 WHERE level = $1 AND index = $2`, [
          node.level,
          node.index,
          node.hash,
        ]);
      }
    }
    // Even with the checkpoints gone from the database, the copies on the stream remain.
    await tamper(`DELETE FROM audit_checkpoints`);
    const { exitCode, output } = await verify();
    expect(output).toMatch(
      /FAILED: first bad entry \d+: the log no longer matches the signed checkpoint of \d+ entries/,
    );
    expect(output).toContain('published checkpoint');
    const named = Number(/first bad entry (\d+)/.exec(output)?.[1]);
    expect(named).toBeLessThanOrEqual(17);
    expect(exitCode).toBe(EXIT_NOT_VERIFIED);
  });

  it('names an entry whose time column was moved after the column was detached from the entry', async () => {
    await superuser.query(`ALTER TABLE audit_entries ALTER COLUMN occurred_at DROP EXPRESSION`);
    await tamper(`UPDATE audit_entries SET occurred_at = occurred_at - interval '1 day' WHERE sequence = 23`);
    const { exitCode, output } = await verify();
    expect(output).toContain('audit_entries: occurred_at no longer derived from the entry');
    expect(output).toMatch(
      /FAILED: first bad entry 23 .*: its occurred_at column was changed \(the entry itself is intact\)/,
    );
    expect(exitCode).toBe(EXIT_NOT_VERIFIED);
  });

  it('names the first missing entry when rows were deleted, and a checkpoint of more entries than are left', async () => {
    await tamper(`DELETE FROM audit_personal_fields WHERE sequence >= 30`);
    await tamper(`DELETE FROM audit_tree_nodes WHERE completed_by >= 30`);
    await tamper(`DELETE FROM audit_entries WHERE sequence >= 30`);
    const { exitCode, output } = await verify();
    expect(output).toMatch(
      /FAILED: first bad entry 30: entries from 30 on are gone, yet a signed checkpoint covers \d+/,
    );
    expect(output).toContain(`covers ${ENTRIES} entries but the log holds 30`);
    expect(exitCode).toBe(EXIT_NOT_VERIFIED);
  });
  it('names an entry deleted from the middle of the log, whatever the rows after it', async () => {
    await tamper(`DELETE FROM audit_personal_fields WHERE sequence = 12`);
    await tamper(`DELETE FROM audit_tree_nodes WHERE completed_by = 12`);
    await tamper(`DELETE FROM audit_entries WHERE sequence = 12`);
    const { exitCode, output } = await verify();
    expect(output).toContain('FAILED: first bad entry 12: it is missing from the log');
    expect(exitCode).toBe(EXIT_NOT_VERIFIED);
  });

  it('names an entry that gives another sequence number than its row, its leaf rewritten to match', async () => {
    const entry = await entryOf(21);
    const renumbered = { ...entry, sequence: 99 };
    await superuser.query(`ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_numbered_as_written`);
    await tamper(`UPDATE audit_entries SET canonical = $1, leaf_hash = $2 WHERE sequence = 21`, [
      canonicalJson(renumbered),
      leafOfEntry(renumbered),
    ]);
    const { exitCode, output } = await verify();
    expect(output).toContain('entry 21: its entry gives another sequence number');
    expect(exitCode).toBe(EXIT_NOT_VERIFIED);
  });
});
