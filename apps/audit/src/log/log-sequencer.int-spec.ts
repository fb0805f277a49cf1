import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../tests/support/test-database';
import { auditedEvent } from '../../test-support/audited-events';
import { CheckpointSigner } from '../checkpoints/checkpoint-signer';
import { openAuditDatabase } from '../database/audit-database';
import { AUDIT_WRITER_ROLE } from '../database/migrations/1765000000000-audit-log';
import { canonicalJson, openCheckpoint, verifyInclusion } from '../merkle';
import { referenceRoot } from '../merkle/merkle-test-support';
import { draftEntry, leafOfEntry, type AuditEntry } from './audit-entry';
import { LogSequencer } from './log-sequencer';
import { LogWriterRepository } from './log-writer.repository';

describe('LogSequencer (real PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  const signer = CheckpointSigner.fromConfiguration('city.example/audit', undefined);
  const sequencers: LogSequencer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openAuditDatabase({ DATABASE_URL: database.url });
  });

  afterEach(async () => {
    for (const sequencer of sequencers.splice(0)) await sequencer.stop();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  function newSequencer(url = database.url, onLockLost = (): void => undefined): LogSequencer {
    const sequencer = new LogSequencer(new LogWriterRepository(url), signer, { onLockLost });
    sequencers.push(sequencer);
    return sequencer;
  }

  async function leavesInTable(): Promise<Buffer[]> {
    const rows: { leaf_hash: Buffer }[] = await dataSource.query(
      `SELECT leaf_hash FROM audit_entries ORDER BY sequence`,
    );
    return rows.map((row) => row.leaf_hash);
  }

  it('numbers entries from 0 without gaps, each once, and checkpoints the head of all of them', async () => {
    const sequencer = newSequencer();
    await sequencer.becomeSequencer();
    const events = Array.from({ length: 37 }, (_, n) => auditedEvent('TicketIssued', { n }));
    const results = [];
    for (const event of events) results.push(await sequencer.append(draftEntry(event)));
    // A redelivered event is a no-op that answers with where the event already is.
    expect(await sequencer.append(draftEntry(events[5]!))).toEqual({ sequence: 5, appended: false });
    expect(results.map((result) => result.sequence)).toEqual(events.map((_, n) => n));

    const rows: { sequence: string; entry: AuditEntry; leaf_hash: Buffer }[] = await dataSource.query(
      `SELECT sequence, entry, leaf_hash FROM audit_entries ORDER BY sequence`,
    );
    expect(rows).toHaveLength(37);
    for (const row of rows) expect(leafOfEntry(row.entry)).toEqual(row.leaf_hash);

    const checkpoint = await sequencer.checkpoint();
    expect(checkpoint?.treeSize).toBe(37);
    const opened = openCheckpoint(checkpoint!.note, signer.verifier, 'city.example/audit');
    expect(opened.rootHash).toEqual(referenceRoot(await leavesInTable()));
    expect(await sequencer.checkpoint()).toBeUndefined(); // nothing new to cover
  });

  it('keeps personal fields apart: only their salted hash enters the leaf', async () => {
    const sequencer = newSequencer();
    await sequencer.becomeSequencer();
    const event = auditedEvent('IdentityExceptionRecorded', {
      visit: 1,
      procedure: 'pin-reset',
      supervisorId: 'sv-1',
      reason: 'Resident known personally to the supervisor, Mr. Sato',
      at: '2026-12-01T01:00:00.000Z',
    });
    const { sequence } = await sequencer.append(draftEntry(event));
    const [row]: { entry: AuditEntry }[] = await dataSource.query(
      `SELECT entry FROM audit_entries WHERE sequence = $1`,
      [sequence],
    );
    expect(JSON.stringify(row!.entry)).not.toContain('Sato');
    expect(row!.entry.personal?.['data.reason']).toMatch(/^sha256:[0-9a-f]{64}$/);
    const fields: { path: string; value: unknown }[] = await dataSource.query(
      `SELECT path, value FROM audit_personal_fields WHERE sequence = $1`,
      [sequence],
    );
    expect(fields).toEqual([{ path: 'data.reason', value: event.data.reason }]);
  });

  it('lets a second process wait for the lock, then take over exactly where the first stopped', async () => {
    const first = newSequencer();
    await first.becomeSequencer();
    await first.append(draftEntry(auditedEvent('TicketIssued')));
    const second = newSequencer();
    const abort = new AbortController();
    let secondIsSequencer = false;
    const waiting = second.becomeSequencer({ pollMs: 20, signal: abort.signal }).then(() => {
      secondIsSequencer = true;
    });
    const { sequence } = await first.append(draftEntry(auditedEvent('TicketIssued')));
    expect(secondIsSequencer).toBe(false);
    await first.stop();
    await waiting;
    expect(second.treeSize).toBe(sequence + 1);
    const next = await second.append(draftEntry(auditedEvent('TicketIssued')));
    expect(next.sequence).toBe(sequence + 1);
    // The first one's shutdown covered its entries with a checkpoint.
    const [last]: { tree_size: string; reason: string }[] = await dataSource.query(
      `SELECT tree_size, reason FROM audit_checkpoints WHERE reason = 'shutdown' ORDER BY id DESC LIMIT 1`,
    );
    expect(last).toEqual({ tree_size: String(sequence + 1), reason: 'shutdown' });
  });

  it('closes each ended Asia/Tokyo day with a checkpoint at the size the log had at midnight', async () => {
    const sequencer = newSequencer();
    await sequencer.becomeSequencer();
    const { sequence } = await sequencer.append(
      draftEntry(auditedEvent('DayClosed', { unserved: [], closedAt: 'x' })),
    );
    const [{ today }]: [{ today: string }] = await dataSource.query(
      `SELECT (now() AT TIME ZONE 'Asia/Tokyo')::date::text AS today`,
    );
    const twoDaysLater = new Date(Date.parse(`${today}T00:00:00+09:00`) + 2 * 86_400_000 + 1_000);
    const closed = await sequencer.closeEndedDays(twoDaysLater);
    expect(closed.map((checkpoint) => checkpoint.closesDay)).toEqual([
      today,
      new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
    ]);
    expect(closed.every((checkpoint) => checkpoint.treeSize === sequence + 1)).toBe(true);
    expect(await sequencer.closeEndedDays(twoDaysLater)).toEqual([]);
    // A day-boundary checkpoint of an earlier size is a proper tree head too.
    const leaves = await leavesInTable();
    const head = openCheckpoint(closed[0]!.note, signer.verifier, 'city.example/audit');
    expect(head.rootHash).toEqual(referenceRoot(leaves.slice(0, head.treeSize)));
    expect(verifyInclusion(sequence, head.treeSize, leaves[sequence]!, [], head.rootHash)).toBe(
      head.treeSize === 1,
    );
  });

  it('appends a batch as consecutive entries in one transaction, skipping what is already in the log', async () => {
    const sequencer = newSequencer();
    await sequencer.becomeSequencer();
    const { sequence: earlier } = await sequencer.append(draftEntry(auditedEvent('TicketIssued', { n: -1 })));
    const start = earlier + 1;
    const fresh = Array.from({ length: 40 }, (_, n) => auditedEvent('TicketIssued', { n }));
    const personal = auditedEvent('IdentityExceptionRecorded', {
      visit: 2,
      procedure: 'pin-reset',
      supervisorId: 'sv-2',
      reason: 'Known to the supervisor',
      at: '2026-12-01T02:00:00.000Z',
    });
    const [{ event_id: earlierId }]: [{ event_id: string }] = await dataSource.query(
      `SELECT event_id::text FROM audit_entries WHERE sequence = $1`,
      [earlier],
    );
    const redelivered = auditedEvent('TicketIssued', { n: -1 }, { eventId: earlierId });
    const batch = [...fresh.slice(0, 20), redelivered, personal, fresh[3]!, ...fresh.slice(20)];

    const results = await sequencer.appendBatch(batch.map((event) => draftEntry(event)));

    expect(results).toEqual([
      ...fresh.slice(0, 20).map((_, n) => ({ sequence: start + n, appended: true })),
      { sequence: earlier, appended: false }, // a redelivery: already in the log
      { sequence: start + 20, appended: true },
      { sequence: start + 3, appended: false }, // twice in the batch: written once
      ...fresh.slice(20).map((_, n) => ({ sequence: start + 21 + n, appended: true })),
    ]);
    expect(sequencer.treeSize).toBe(start + 41);
    const [{ transactions }]: [{ transactions: string }] = await dataSource.query(
      `SELECT count(DISTINCT xmin::text)::text AS transactions FROM audit_entries WHERE sequence >= $1`,
      [start],
    );
    expect(transactions).toBe('1');
    const fields: { path: string }[] = await dataSource.query(
      `SELECT path FROM audit_personal_fields WHERE sequence = $1`,
      [start + 20],
    );
    expect(fields).toEqual([{ path: 'data.reason' }]);
    // Redelivered as a whole batch: nothing written again.
    expect(
      (await sequencer.appendBatch(batch.map((event) => draftEntry(event)))).every((r) => !r.appended),
    ).toBe(true);

    // The stored nodes are right: a fresh sequencer rebuilds its edge of the tree from them alone.
    await sequencer.stop();
    const next = newSequencer();
    await next.becomeSequencer();
    expect((await next.append(draftEntry(auditedEvent('TicketIssued')))).sequence).toBe(start + 41);
    const checkpoint = await next.checkpoint();
    const opened = openCheckpoint(checkpoint!.note, signer.verifier, 'city.example/audit');
    expect(opened.rootHash).toEqual(referenceRoot(await leavesInTable()));
  });

  describe('append-only in the schema', () => {
    it.each([
      ['UPDATE', `UPDATE audit_entries SET canonical = canonical WHERE sequence = 0`],
      ['DELETE', `DELETE FROM audit_entries WHERE sequence = 0`],
      ['TRUNCATE', `TRUNCATE audit_entries CASCADE`],
      ['UPDATE', `UPDATE audit_tree_nodes SET hash = hash`],
      ['DELETE', `DELETE FROM audit_checkpoints`],
      ['UPDATE', `UPDATE audit_personal_fields SET value = '"x"'`],
    ])('refuses %s even to the owner: %s', async (_operation, statement) => {
      await expect(dataSource.query(statement)).rejects.toThrow(/append-only/);
    });

    it('refuses an entry that would leave a gap in the sequence, or say another number than its row', async () => {
      const [{ size }]: [{ size: string }] = await dataSource.query(
        `SELECT count(*) AS size FROM audit_entries`,
      );
      const insert = (sequence: number, claimed: number) =>
        dataSource.query(`INSERT INTO audit_entries (sequence, canonical, leaf_hash) VALUES ($1, $2, $3)`, [
          sequence,
          canonicalJson({ event: auditedEvent('TicketIssued'), sequence: claimed }),
          Buffer.alloc(32),
        ]);
      await expect(insert(Number(size) + 1, Number(size) + 1)).rejects.toThrow(/foreign key/);
      await expect(insert(Number(size), Number(size) + 7)).rejects.toThrow(
        /audit_entries_numbered_as_written/,
      );
    });

    it('derives every column about the event from the entry: none can be written on its own', async () => {
      await expect(
        dataSource.query(
          `INSERT INTO audit_entries (sequence, canonical, leaf_hash, occurred_at) VALUES (999, '{}', $1, now())`,
          [Buffer.alloc(32)],
        ),
      ).rejects.toThrow(/cannot insert a non-DEFAULT value into column "occurred_at"/);
    });

    it('gives the writer role INSERT and SELECT only', async () => {
      const login = `audit_app_${Math.random().toString(36).slice(2, 8)}`;
      await dataSource.query(`CREATE ROLE ${login} LOGIN IN ROLE ${AUDIT_WRITER_ROLE}`);
      const url = new URL(database.url);
      url.username = login;
      url.searchParams.set('options', `-c role=${AUDIT_WRITER_ROLE}`);
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await expect(client.query(`SELECT count(*) FROM audit_entries`)).resolves.toBeDefined();
        await expect(client.query(`DELETE FROM audit_personal_fields`)).rejects.toThrow(/permission denied/);
        await expect(client.query(`ALTER TABLE audit_entries DISABLE TRIGGER ALL`)).rejects.toThrow(
          /must be owner/,
        );
        // And a sequencer working as that role appends like any other.
        await sequencers
          .splice(0)
          .reduce((done, sequencer) => done.then(() => sequencer.stop()), Promise.resolve());
        const sequencer = newSequencer(url.toString());
        await sequencer.becomeSequencer();
        const { appended } = await sequencer.append(draftEntry(auditedEvent('TicketIssued')));
        expect(appended).toBe(true);
        expect(await sequencer.checkpoint()).toBeDefined();
        await sequencer.stop();
      } finally {
        await client.end();
        await dataSource.query(`DROP OWNED BY ${login}`);
        await dataSource.query(`DROP ROLE ${login}`);
      }
    });
  });
});
