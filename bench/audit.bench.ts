/**
 * B3 (architecture.md): audit ingest, JetStream → Merkle log in Postgres with fsync on (synchronous_commit
 * on), at an offered load of 3,000 events/s, beside a baseline of plain INSERTs of the same rows one by one;
 * and full verification of the log beside plain SHA-256 of the same bytes. Run with `npm run bench`;
 * BENCH_SHORT=1 only proves the harness works.
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { auditedEvent } from '../apps/audit/test-support/audited-events';
import { AUDIT_DATA_SOURCE } from '../apps/audit/src/audit.module';
import { CheckpointSigner } from '../apps/audit/src/checkpoints/checkpoint-signer';
import { draftEntry } from '../apps/audit/src/log/audit-entry';
import { LogSequencer } from '../apps/audit/src/log/log-sequencer';
import { LogWriterRepository } from '../apps/audit/src/log/log-writer.repository';
import { canonicalJsonBytes } from '../apps/audit/src/merkle';
import { LogVerifier } from '../apps/audit/src/verify/log-verifier';
import { AuditHarness } from '../tests/support/audit-harness';
import { waitFor } from '../tests/support/wait-for';
import { percentile, report, SHORT } from './support/report';

const OFFERED_PER_SECOND = 3_000;
const INGEST_SECONDS = SHORT ? 1 : 10;
const VERIFIED_ENTRIES = SHORT ? 3_000 : 100_000;
const TICK_MS = 10;

describe('B3 audit ingest and verification', () => {
  let audit: AuditHarness;
  let dataSource: DataSource;

  beforeAll(async () => {
    audit = await AuditHarness.create({ LOG_LEVEL: 'error', AUDIT_CHECKPOINT_INTERVAL_MS: '1000' });
    await audit.start();
    dataSource = audit.app!.get<DataSource>(AUDIT_DATA_SOURCE);
  });

  afterAll(() => audit?.destroy());

  it('ingests at the offered load and verifies the whole log, each beside its baseline', async () => {
    const [{ synchronous_commit }] =
      await dataSource.query<[{ synchronous_commit: string }]>(`SHOW synchronous_commit`);
    expect(synchronous_commit).toBe('on');

    // Offered load: OFFERED_PER_SECOND events a second, in ticks, each stamped with when it was published.
    const total = OFFERED_PER_SECOND * INGEST_SECONDS;
    const perTick = (OFFERED_PER_SECOND * TICK_MS) / 1_000;
    const started = Date.now();
    for (let published = 0; published < total; published += perTick) {
      const tickStart = Date.now();
      await Promise.all(
        Array.from({ length: perTick }, (_, n) =>
          audit.publish(auditedEvent('TicketIssued', { n: published + n, publishedAt: Date.now() })),
        ),
      );
      const wait = started + ((published + perTick) / OFFERED_PER_SECOND) * 1_000 - Date.now();
      if (wait > 0 && Date.now() - tickStart < TICK_MS)
        await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const publishSeconds = (Date.now() - started) / 1_000;
    await waitFor(async () => (await audit.reader.treeSize()) >= total, {
      what: `all ${total} events in the log`,
      timeoutMs: 600_000,
      intervalMs: 100,
    });
    const [ingest] = await dataSource.query<[{ first: number; last: number }]>(
      `SELECT min((entry->'event'->'data'->>'publishedAt')::float8) AS first,
              max(extract(epoch FROM appended_at) * 1000) AS last
         FROM audit_entries`,
    );
    const entriesPerSecond = (total * 1_000) / (ingest.last - ingest.first);
    const lags = (
      await dataSource.query<{ lag: number }[]>(
        `SELECT extract(epoch FROM appended_at) * 1000 - (entry->'event'->'data'->>'publishedAt')::float8 AS lag
           FROM audit_entries`,
      )
    )
      .map((row) => row.lag)
      .sort((a, b) => a - b);

    // Baseline: the same rows, inserted one statement (one commit) at a time into a plain table of the
    // same columns: no tree, no generated columns, no sequencer, no JetStream.
    await dataSource.query(`
      CREATE TABLE raw_audit_entries (
        sequence bigint PRIMARY KEY, canonical text NOT NULL, leaf_hash bytea NOT NULL,
        appended_at timestamptz NOT NULL DEFAULT now(), entry jsonb NOT NULL, event_id uuid NOT NULL UNIQUE,
        type text NOT NULL, stream_id text NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL
      )`);
    const rows = await dataSource.query<Record<string, unknown>[]>(
      `SELECT sequence, canonical, leaf_hash, entry::text, event_id, type, stream_id, occurred_at, recorded_at
         FROM audit_entries ORDER BY sequence`,
    );
    const rawStarted = process.hrtime.bigint();
    for (const row of rows) {
      await dataSource.query(
        `INSERT INTO raw_audit_entries
           (sequence, canonical, leaf_hash, entry, event_id, type, stream_id, occurred_at, recorded_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)`,
        [
          row.sequence,
          row.canonical,
          row.leaf_hash,
          row.entry,
          row.event_id,
          row.type,
          row.stream_id,
          row.occurred_at,
          row.recorded_at,
        ],
      );
    }
    const rawPerSecond = rows.length / (Number(process.hrtime.bigint() - rawStarted) / 1e9);

    // Verification needs a log of some size; how it was written does not matter, so the rest is written
    // straight through the sequencer, without waiting on each commit's fsync.
    await audit.stop();
    const database = new URL(audit.config.DATABASE_URL).pathname.slice(1);
    const owner = await import('pg').then(
      ({ Client }) => new Client({ connectionString: audit.config.DATABASE_URL }),
    );
    await owner.connect();
    await owner.query(`ALTER DATABASE ${database} SET synchronous_commit = off`);
    const signer = CheckpointSigner.fromConfiguration(audit.config.AUDIT_LOG_ORIGIN, undefined);
    const sequencer = new LogSequencer(new LogWriterRepository(audit.config.DATABASE_URL), signer, {
      onLockLost: () => undefined,
    });
    await sequencer.becomeSequencer();
    for (let n = sequencer.treeSize ?? 0; n < VERIFIED_ENTRIES; n++) {
      await sequencer.append(draftEntry(auditedEvent('TicketCalled', { n, counter: 'A', callCount: 1 })));
    }
    await sequencer.stop(); // its last checkpoint covers everything
    await owner.query(`ALTER DATABASE ${database} RESET synchronous_commit`);
    await owner.end();

    const restarted = await audit.start();
    const reader = audit.reader;
    const verification = await new LogVerifier(reader, signer.verifier, signer.origin).verify({
      batchSize: 10_000,
    });
    expect(verification).toMatchObject({ ok: true, problems: [] });
    const verifiedPerSecond = verification.entries / verification.seconds;

    // Baseline: SHA-256 of the same bytes (each entry's canonical JSON behind its 0x00), nothing else.
    const bytes: Buffer[] = [];
    for (let from = 0; from < verification.entries; from += 10_000) {
      for (const entry of await reader.entriesBetween(from, from + 10_000))
        bytes.push(canonicalJsonBytes(entry.entry));
    }
    const hashStarted = process.hrtime.bigint();
    for (const entryBytes of bytes) createHash('sha256').update(Buffer.of(0)).update(entryBytes).digest();
    const hashesPerSecond = bytes.length / (Number(process.hrtime.bigint() - hashStarted) / 1e9);
    expect(restarted).toBeDefined();

    report([
      {
        id: 'B3',
        what: `audit ingest JetStream → Merkle log, ${OFFERED_PER_SECOND} events/s offered for ${INGEST_SECONDS} s (published in ${publishSeconds.toFixed(1)} s), synchronous_commit on`,
        figure: `${entriesPerSecond.toFixed(0)} entries/s, lag p50 ${percentile(lags, 50).toFixed(0)} ms, p99 ${percentile(lags, 99).toFixed(0)} ms (${total} entries)`,
        goal: '≥ 3,000 entries/s, lag p99 ≤ 1 s',
        baseline: `${rawPerSecond.toFixed(0)} rows/s plain INSERT of the same rows, one per commit`,
        ratio: `baseline/audit ${(rawPerSecond / entriesPerSecond).toFixed(2)}×`,
        met: SHORT ? 'not judged' : entriesPerSecond >= 3_000 && percentile(lags, 99) <= 1_000,
      },
      {
        id: 'B3',
        what: `full verification (leaves, nodes, ${verification.checkpoints} signed checkpoints) of ${verification.entries} entries`,
        figure: `${verifiedPerSecond.toFixed(0)} entries/s (${verification.seconds.toFixed(2)} s)`,
        goal: '≥ 100,000 entries/s',
        baseline: `${hashesPerSecond.toFixed(0)} plain SHA-256/s of the same bytes`,
        ratio: `baseline/verification ${(hashesPerSecond / verifiedPerSecond).toFixed(2)}×`,
        met: SHORT ? 'not judged' : verifiedPerSecond >= 100_000,
      },
    ]);
    // Nothing lost, nothing doubled.
    expect(await reader.treeSize()).toBe(Math.max(total, VERIFIED_ENTRIES));
  }, 900_000);
});
