import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase } from '../../../../tests/support/test-database';
import { waitFor } from '../../../../tests/support/wait-for';
import { openServiceDatabase } from './data-source';
import type { EventMetadata, RecordedEvent } from './event-store.types';
import { PostgresEventStore } from './postgres-event-store';
import { type Projection, ProjectionRunner } from './projection-runner';

class TicketsPerDay1764000009999 implements MigrationInterface {
  name = 'TicketsPerDay1764000009999';
  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE tickets_per_day (stream_id text PRIMARY KEY, tickets integer NOT NULL)`);
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE tickets_per_day`);
  }
}

/** A read model: how many tickets each office day has issued. */
class TicketsPerDay implements Projection {
  readonly name = 'tickets-per-day';
  failOnVersion: number | undefined;

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    if (event.type !== 'TicketIssued') return;
    await manager.query(
      `INSERT INTO tickets_per_day (stream_id, tickets) VALUES ($1, 1)
       ON CONFLICT (stream_id) DO UPDATE SET tickets = tickets_per_day.tickets + 1`,
      [event.streamId],
    );
    if (event.streamVersion === this.failOnVersion) throw new Error('read model write failed');
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM tickets_per_day`);
  }
}

const metadata: EventMetadata = {
  actor: { kind: 'kiosk', id: 'kiosk-1' },
  correlationId: randomUUID(),
  occurredAt: '2026-12-01T00:00:00.000Z',
};

async function issue(store: PostgresEventStore, streamId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await store.append(streamId, [{ type: 'TicketIssued', data: { n: i }, schemaVersion: 1 }], {
      expectedVersion: 'any',
      metadata,
    });
  }
}

async function readModel(dataSource: DataSource): Promise<Record<string, number>> {
  const rows = await dataSource.query<{ stream_id: string; tickets: number }[]>(
    `SELECT stream_id, tickets FROM tickets_per_day ORDER BY stream_id`,
  );
  return Object.fromEntries(rows.map((row) => [row.stream_id, row.tickets]));
}

describe('ProjectionRunner (real PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeEach(async () => {
    database = await createTestDatabase();
    dataSource = await openServiceDatabase({
      url: database.url,
      applicationName: 'projection-test',
      migrations: [TicketsPerDay1764000009999],
    });
    store = new PostgresEventStore(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('applies every event once and stores its checkpoint with the read model', async () => {
    const runner = new ProjectionRunner(dataSource, store, new TicketsPerDay(), { batchSize: 7 });
    await issue(store, 'office-day-a', 20);
    await issue(store, 'office-day-b', 5);
    expect(await runner.catchUp()).toBe(25);
    expect(await runner.catchUp()).toBe(0);
    expect(await readModel(dataSource)).toEqual({ 'office-day-a': 20, 'office-day-b': 5 });
  });

  it('rolls back the read model and the checkpoint together when applying fails', async () => {
    const projection = new TicketsPerDay();
    const runner = new ProjectionRunner(dataSource, store, projection, { batchSize: 10 });
    await issue(store, 'office-day-c', 10);
    projection.failOnVersion = 8;
    await expect(runner.catchUp()).rejects.toThrow('read model write failed');
    expect(await readModel(dataSource)).toEqual({});
    projection.failOnVersion = undefined;
    expect(await runner.catchUp()).toBe(10);
    expect(await readModel(dataSource)).toEqual({ 'office-day-c': 10 });
  });

  it('replays from zero into an empty read model and gets the same answer', async () => {
    const runner = new ProjectionRunner(dataSource, store, new TicketsPerDay());
    await issue(store, 'office-day-d', 12);
    await runner.catchUp();
    const before = await readModel(dataSource);
    expect(await runner.replay()).toBe(12);
    expect(await readModel(dataSource)).toEqual(before);
  });

  it('follows new events while running', async () => {
    const runner = new ProjectionRunner(dataSource, store, new TicketsPerDay(), { idleMs: 10 });
    runner.start();
    try {
      await issue(store, 'office-day-e', 3);
      runner.wake();
      await waitFor(async () => (await readModel(dataSource))['office-day-e'] === 3, {
        what: 'the projection to catch up',
      });
    } finally {
      await runner.stop();
    }
  });
});
