/**
 * B4 (architecture.md): event store appends by 8 concurrent writers, synchronous_commit on (fsync per
 * commit), against a raw baseline measured in the same run: a plain INSERT into a table of the same shape
 * with no version check. Run with `npm run bench`; BENCH_SHORT=1 only proves the harness works.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openServiceDatabase, PostgresEventStore, type EventMetadata } from '@madoguchi/platform';
import { createTestDatabase } from '../tests/support/test-database';
import { percentile, report, SHORT } from './support/report';

const WRITERS = 8;
/** A command such as closing a day or recording several PINs appends several events in one statement. */
const BATCH = 10;
const DURATION_MS = SHORT ? 500 : 10_000;

const metadata: EventMetadata = {
  actor: { kind: 'kiosk', id: 'kiosk-bench' },
  correlationId: randomUUID(),
  occurredAt: '2026-12-01T00:00:00.000Z',
};
const payload = { ticketNumber: 'R001', service: 'pin-reset', applicant: 'self', priority: false };

async function measure(
  writers: number,
  durationMs: number,
  appendOnce: (writer: number, n: number) => Promise<number>,
): Promise<{ perSecond: number; p99: number; events: number }> {
  const latencies: number[] = [];
  let events = 0;
  const end = Date.now() + durationMs;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; Date.now() < end; n++) {
        const t0 = process.hrtime.bigint();
        const appended = await appendOnce(writer, n);
        events += appended;
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { perSecond: events / seconds, p99: percentile(latencies, 99), events };
}

describe('B4 event store append', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openServiceDatabase({
      url: database.url,
      applicationName: 'bench-b4',
      poolSize: WRITERS + 2,
    });
    await dataSource.query(`CREATE TABLE raw_events (LIKE events INCLUDING DEFAULTS)`);
    await dataSource.query(
      `ALTER TABLE raw_events ALTER COLUMN global_position ADD GENERATED ALWAYS AS IDENTITY`,
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('appends with expected versions close to a raw INSERT', async () => {
    const [{ synchronous_commit }] =
      await dataSource.query<[{ synchronous_commit: string }]>(`SHOW synchronous_commit`);
    expect(synchronous_commit).toBe('on');
    const store = new PostgresEventStore(dataSource);
    const streams = Array.from({ length: WRITERS }, () => `office-day-${randomUUID()}`);
    const versions = new Array<number>(WRITERS).fill(0);

    const raw = await measure(WRITERS, DURATION_MS, async (writer, n) => {
      await dataSource.query(
        `INSERT INTO raw_events (stream_id, stream_version, event_id, type, schema_version, data, metadata)
         VALUES ($1, $2, $3, 'TicketIssued', 1, $4, $5)`,
        [streams[writer], n + 1, randomUUID(), JSON.stringify(payload), JSON.stringify(metadata)],
      );
      return 1;
    });
    const store1 = await measure(WRITERS, DURATION_MS, async (writer) => {
      const result = await store.append(
        streams[writer] ?? '',
        [{ type: 'TicketIssued', data: payload, schemaVersion: 1 }],
        { expectedVersion: versions[writer] === 0 ? 'no-stream' : (versions[writer] ?? 0), metadata },
      );
      versions[writer] = result.nextExpectedVersion;
      return 1;
    });

    const rawBatch = await measure(WRITERS, DURATION_MS, async (writer, n) => {
      await dataSource.query(
        `INSERT INTO raw_events (stream_id, stream_version, event_id, type, schema_version, data, metadata)
         SELECT $1, $2 * ${BATCH} + i, gen_random_uuid(), 'TicketIssued', 1, $3, $4 FROM generate_series(1, ${BATCH}) AS i`,
        [`${streams[writer]}-batch`, n, JSON.stringify(payload), JSON.stringify(metadata)],
      );
      return BATCH;
    });
    const storeBatch = await measure(WRITERS, DURATION_MS, async (writer) => {
      await store.append(
        `${streams[writer]}-batch`,
        Array.from({ length: BATCH }, () => ({ type: 'TicketIssued', data: payload, schemaVersion: 1 })),
        { expectedVersion: 'any', metadata },
      );
      return BATCH;
    });

    const ratio = raw.perSecond / store1.perSecond;
    const batchRatio = rawBatch.perSecond / storeBatch.perSecond;
    report([
      {
        id: 'B4',
        what: `event store append, ${WRITERS} writers, 1 event per commit, synchronous_commit on`,
        figure: `${store1.perSecond.toFixed(0)} events/s, p99 ${store1.p99.toFixed(1)} ms (${store1.events} events)`,
        goal: '≥ 5,000 events/s, within 2× of baseline',
        baseline: `${raw.perSecond.toFixed(0)} rows/s raw INSERT, p99 ${raw.p99.toFixed(1)} ms`,
        ratio: `baseline/store ${ratio.toFixed(2)}×`,
        met: SHORT ? 'not judged' : store1.perSecond >= 5_000 && ratio <= 2,
      },
      {
        id: 'B4',
        what: `event store append, ${WRITERS} writers, ${BATCH} events per commit, synchronous_commit on`,
        figure: `${storeBatch.perSecond.toFixed(0)} events/s, p99 ${storeBatch.p99.toFixed(1)} ms per append`,
        goal: '≥ 5,000 events/s, within 2× of baseline',
        baseline: `${rawBatch.perSecond.toFixed(0)} rows/s raw INSERT, p99 ${rawBatch.p99.toFixed(1)} ms`,
        ratio: `baseline/store ${batchRatio.toFixed(2)}×`,
        met: SHORT ? 'not judged' : storeBatch.perSecond >= 5_000 && batchRatio <= 2,
      },
    ]);
    expect(store1.events).toBeGreaterThan(0);
    const [{ count }] = await dataSource.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM events`,
    );
    expect(count).toBe(store1.events + storeBatch.events); // nothing lost, nothing doubled
  });
});
