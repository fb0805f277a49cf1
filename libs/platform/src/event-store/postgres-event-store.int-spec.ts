import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../tests/support/test-database';
import { openServiceDatabase } from './data-source';
import { ConcurrencyError, DuplicateEventError, type EventMetadata, START_OF_LOG } from './event-store.types';
import { PostgresEventStore } from './postgres-event-store';
import { handleCommand, type Decider } from './command-handler';

const metadata: EventMetadata = {
  actor: { kind: 'system', id: 'test' },
  correlationId: randomUUID(),
  occurredAt: '2026-12-01T00:00:00.000Z',
};
const event = (n: number) => ({ type: 'Counted', data: { n }, schemaVersion: 1 });

/** A tiny aggregate: a counter whose decide refuses nothing and numbers each increment. */
type Counted = { type: 'Counted'; data: { n: number } };
const counter: Decider<number, { type: 'Increment' }, Counted, { code: 'never' }, undefined> = {
  initialState: () => 0,
  evolve: (_state, e) => e.data.n,
  decide: (_command, state) => ({ ok: true, events: [{ type: 'Counted', data: { n: state + 1 } }] }),
  schemaVersionOf: () => 1,
};

describe('PostgresEventStore (real PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openServiceDatabase({
      url: database.url,
      applicationName: 'event-store-test',
      poolSize: 20,
    });
    store = new PostgresEventStore(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const stream = () => `test-${randomUUID()}`;

  it('appends several events in one statement and reads them back in stream order', async () => {
    const id = stream();
    const result = await store.append(id, [event(1), event(2), event(3)], {
      expectedVersion: 'no-stream',
      metadata,
    });
    expect(result.nextExpectedVersion).toBe(3);
    const { events, version } = await store.readStream(id);
    expect(version).toBe(3);
    expect(events.map((e) => [e.streamVersion, e.data])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
      [3, { n: 3 }],
    ]);
    expect(events[0]?.metadata).toEqual(metadata);
    expect(events[0]?.schemaVersion).toBe(1);
  });

  it('checks every kind of expected version and refuses with a typed conflict', async () => {
    const id = stream();
    await expect(
      store.append(id, [event(1)], { expectedVersion: 'stream-exists', metadata }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await store.append(id, [event(1)], { expectedVersion: 'no-stream', metadata });
    await expect(
      store.append(id, [event(2)], { expectedVersion: 'no-stream', metadata }),
    ).rejects.toMatchObject({
      code: 'concurrency-conflict',
      actual: 1,
    });
    await expect(store.append(id, [event(2)], { expectedVersion: 5, metadata })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    await store.append(id, [event(2)], { expectedVersion: 1, metadata });
    await store.append(id, [event(3)], { expectedVersion: 'stream-exists', metadata });
    await store.append(id, [event(4)], { expectedVersion: 'any', metadata });
    expect((await store.readStream(id)).version).toBe(4);
  });

  it('refuses an event id seen before, so a retried request cannot append twice', async () => {
    const id = stream();
    const eventId = randomUUID();
    await store.append(id, [{ ...event(1), eventId }], { expectedVersion: 'any', metadata });
    await expect(
      store.append(id, [{ ...event(2), eventId }], { expectedVersion: 'any', metadata }),
    ).rejects.toBeInstanceOf(DuplicateEventError);
  });

  it('lets exactly one of many concurrent appends win each version', async () => {
    const id = stream();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.append(id, [event(i)], { expectedVersion: 'no-stream', metadata }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(losers).toHaveLength(9);
    for (const loser of losers) expect(loser.reason).toBeInstanceOf(ConcurrencyError);
  });

  it('retries a command whose append lost the race, so every concurrent command lands once', async () => {
    const id = stream();
    const clock = { now: () => new Date('2026-12-01T00:00:00Z') };
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () =>
        handleCommand(store, clock, counter, id, () => ({ type: 'Increment' as const }), undefined, {
          actor: metadata.actor,
          maxAttempts: 50,
        }),
      ),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const { events } = await store.readStream(id);
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('gives up with the conflict after the bounded number of attempts', async () => {
    const id = stream();
    const slowStore = Object.create(store) as PostgresEventStore;
    // Another writer slips in between every read and append.
    slowStore.readStream = async (streamId) => {
      const read = await store.readStream(streamId);
      await store.append(streamId, [event(0)], { expectedVersion: 'any', metadata });
      return read;
    };
    await expect(
      handleCommand(
        slowStore,
        { now: () => new Date() },
        counter,
        id,
        () => ({ type: 'Increment' as const }),
        undefined,
        {
          actor: metadata.actor,
          maxAttempts: 3,
        },
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream(id)).version).toBe(3);
  });

  it('lets a reader following the log see every event of 8 writers exactly once, late commits included', async () => {
    const prefix = `follow-${randomUUID()}`;
    // A transaction that takes its position early and commits last, on purpose.
    const late = dataSource.createQueryRunner();
    await late.connect();
    await late.startTransaction();
    await store.append(
      `${prefix}-late`,
      [event(-1)],
      { expectedVersion: 'no-stream', metadata },
      late.manager,
    );

    const seen: string[] = [];
    let position = START_OF_LOG;
    let following = true;
    const follower = (async () => {
      while (following || seen.length < 8 * 25 + 1) {
        const batch = await store.readAllAfter(position, 50);
        for (const e of batch) {
          if (e.streamId.startsWith(prefix)) seen.push(e.eventId);
          position = { transactionId: e.transactionId, globalPosition: e.globalPosition };
        }
        if (batch.length === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let i = 0; i < 25; i++) {
          await store.append(`${prefix}-${writer}`, [event(i)], { expectedVersion: 'any', metadata });
        }
      }),
    );
    await late.commitTransaction();
    await late.release();
    following = false;
    await follower;

    const [{ count }] = await dataSource.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM events WHERE stream_id LIKE $1`,
      [`${prefix}%`],
    );
    expect(count).toBe(201);
    expect(seen).toHaveLength(201);
    expect(new Set(seen).size).toBe(201);
  });
});
