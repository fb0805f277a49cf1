import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { ThrowawayNatsServer } from '../../../../tests/support/nats-server';
import { createTestDatabase } from '../../../../tests/support/test-database';
import { testEnvironment } from '../../../../tests/support/test-environment';
import { waitFor } from '../../../../tests/support/wait-for';
import { ensureEventStream } from '../messaging/event-stream';
import { openServiceDatabase } from './data-source';
import type { EventMetadata, RecordedEvent } from './event-store.types';
import { OutboxRelay } from './outbox-relay';
import { PostgresEventStore } from './postgres-event-store';

const metadata: EventMetadata = {
  actor: { kind: 'system', id: 'test' },
  correlationId: randomUUID(),
  occurredAt: '2026-12-01T00:00:00.000Z',
};

interface Harness {
  dataSource: DataSource;
  store: PostgresEventStore;
  drop: () => Promise<void>;
}

async function harness(): Promise<Harness> {
  const database = await createTestDatabase();
  const dataSource = await openServiceDatabase({ url: database.url, applicationName: 'relay-test' });
  return {
    dataSource,
    store: new PostgresEventStore(dataSource),
    drop: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

function relayFor(h: Harness, nats: NatsConnection, prefix: string): OutboxRelay {
  return new OutboxRelay(h.dataSource, h.store, nats, {
    subjectPrefix: prefix,
    subjectOf: (event: RecordedEvent) => `${prefix}madoguchi.test.${event.type}`,
    idleMs: 20,
    retryMs: 100,
  });
}

async function appendMany(
  store: PostgresEventStore,
  streamId: string,
  count: number,
  from = 0,
): Promise<void> {
  for (let i = from; i < from + count; i++) {
    await store.append(streamId, [{ type: 'Counted', data: { n: i }, schemaVersion: 1 }], {
      expectedVersion: 'any',
      metadata,
    });
  }
}

async function streamMessages(nats: NatsConnection, stream: string): Promise<RecordedEvent[]> {
  const manager = await jetstreamManager(nats);
  const info = await manager.streams.info(stream);
  const out: RecordedEvent[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await manager.streams.getMessage(stream, { seq });
    if (message) out.push(message.json<RecordedEvent>());
  }
  return out;
}

async function messageCount(nats: NatsConnection, stream: string): Promise<number> {
  const manager = await jetstreamManager(nats);
  return (await manager.streams.info(stream)).state.messages;
}

describe('OutboxRelay (real PostgreSQL and NATS JetStream)', () => {
  const env = testEnvironment();

  it('publishes committed events in order, with Nats-Msg-Id = event id, and moves on after each ack', async () => {
    const h = await harness();
    const nats = await connect({ servers: env.NATS_URL });
    const prefix = `${randomUUID().slice(0, 8)}.`;
    const stream = `RELAY_${randomUUID().slice(0, 8)}`;
    await ensureEventStream(nats, { name: stream, subjectPrefix: prefix });
    const relay = relayFor(h, nats, prefix);
    try {
      await appendMany(h.store, 'office-day-1', 30);
      relay.start();
      await waitFor(async () => (await messageCount(nats, stream)) === 30, { what: '30 messages' });
      const messages = await streamMessages(nats, stream);
      const stored = (await h.store.readStream('office-day-1')).events;
      expect(messages.map((m) => m.eventId)).toEqual(stored.map((e) => e.eventId));
      const first = await (await jetstreamManager(nats)).streams.getMessage(stream, { seq: 1 });
      expect(first?.header?.get('Nats-Msg-Id')).toBe(stored[0]?.eventId);
      expect(first?.subject).toBe(`${prefix}madoguchi.test.Counted`);
    } finally {
      await relay.stop();
      await (await jetstreamManager(nats)).streams.delete(stream);
      await nats.close();
      await h.drop();
    }
  });

  it('lets JetStream drop the republished events of a relay that died between ack and checkpoint', async () => {
    const h = await harness();
    const nats = await connect({ servers: env.NATS_URL });
    const prefix = `${randomUUID().slice(0, 8)}.`;
    const stream = `RELAY_${randomUUID().slice(0, 8)}`;
    await ensureEventStream(nats, { name: stream, subjectPrefix: prefix });
    const relay = relayFor(h, nats, prefix);
    try {
      await appendMany(h.store, 'case-1', 10);
      // What a relay killed after its publishes but before its checkpoint left behind:
      const js = jetstream(nats);
      for (const event of (await h.store.readStream('case-1')).events.slice(0, 6)) {
        await js.publish(`${prefix}madoguchi.test.Counted`, JSON.stringify(event), { msgID: event.eventId });
      }
      relay.start();
      await waitFor(
        async () =>
          (
            await h.dataSource.query<unknown[]>(
              `SELECT global_position FROM event_checkpoints WHERE name = 'outbox-relay'`,
            )
          ).length === 1 && (await messageCount(nats, stream)) === 10,
        { what: 'relay to catch up' },
      );
      await appendMany(h.store, 'case-1', 1, 10);
      await waitFor(async () => (await messageCount(nats, stream)) === 11, { what: '11 messages' });
      const ids = (await streamMessages(nats, stream)).map((m) => m.eventId);
      expect(new Set(ids).size).toBe(11);
    } finally {
      await relay.stop();
      await (await jetstreamManager(nats)).streams.delete(stream);
      await nats.close();
      await h.drop();
    }
  });

  it('keeps events while NATS is down and publishes all of them, once, when it returns', async () => {
    const server = await ThrowawayNatsServer.start();
    const h = await harness();
    const nats = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const prefix = 'r2.';
    await ensureEventStream(nats, { name: 'MADOGUCHI', subjectPrefix: prefix });
    const relay = relayFor(h, nats, prefix);
    try {
      relay.start();
      await appendMany(h.store, 'office-day-2', 20);
      await waitFor(async () => (await messageCount(nats, 'MADOGUCHI')) === 20, { what: 'first 20' });

      await server.stop();
      await appendMany(h.store, 'office-day-2', 40, 20);
      await server.restart();

      await waitFor(async () => (await messageCount(nats, 'MADOGUCHI')) === 60, {
        what: 'all 60 after NATS returned',
        timeoutMs: 20_000,
      });
      const messages = await streamMessages(nats, 'MADOGUCHI');
      expect(messages.map((m) => (m.data as { n: number }).n)).toEqual(
        Array.from({ length: 60 }, (_, i) => i),
      );
    } finally {
      await relay.stop();
      await nats.close();
      await h.drop();
      await server.destroy();
    }
  });

  it('runs one active relay per database; a second one waits and takes over when the first stops', async () => {
    const h = await harness();
    const nats = await connect({ servers: env.NATS_URL });
    const prefix = `${randomUUID().slice(0, 8)}.`;
    const stream = `RELAY_${randomUUID().slice(0, 8)}`;
    await ensureEventStream(nats, { name: stream, subjectPrefix: prefix });
    const first = relayFor(h, nats, prefix);
    const second = relayFor(h, nats, prefix);
    try {
      first.start();
      await waitFor(() => first.active, { what: 'first relay active' });
      second.start();
      await appendMany(h.store, 'office-day-3', 5);
      await waitFor(async () => (await messageCount(nats, stream)) === 5, { what: '5 messages' });
      expect(second.active).toBe(false);

      await first.stop();
      await waitFor(() => second.active, { what: 'second relay takes over' });
      await appendMany(h.store, 'office-day-3', 5, 5);
      await waitFor(async () => (await messageCount(nats, stream)) === 10, { what: '10 messages' });
    } finally {
      await first.stop();
      await second.stop();
      await (await jetstreamManager(nats)).streams.delete(stream);
      await nats.close();
      await h.drop();
    }
  });
});
