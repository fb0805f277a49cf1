import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, type DynamicModule, Inject, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { jetstream, type JetStreamClient, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../../../../../tests/support/test-environment';
import { waitFor } from '../../../../../tests/support/wait-for';
import { openServiceDatabase, type EventMetadata, type RecordedEvent } from '../../event-store';
import { ensureEventStream } from '../event-stream';
import { JetStreamConsumerServer } from './jetstream-consumer.server';
import type { JetStreamBatchContext, JetStreamBatchMessage } from './jetstream-context';
import { PostgresMessageQuarantine } from './message-quarantine';
import { OnJetStreamBatch } from './on-jetstream-batch.decorator';

type HandleBatch = (messages: JetStreamBatchMessage[], context: JetStreamBatchContext) => Promise<void>;
const HANDLE_BATCH = Symbol('HANDLE_BATCH');
const BATCH = 100;

@Controller()
class CaseEventBatchesController {
  constructor(@Inject(HANDLE_BATCH) private readonly handle: HandleBatch) {}

  @OnJetStreamBatch('madoguchi.case.>', { maxMessages: BATCH, maxWaitMs: 1_000 })
  onCaseEvents(
    @Payload() messages: JetStreamBatchMessage[],
    @Ctx() context: JetStreamBatchContext,
  ): Promise<void> {
    return this.handle(messages, context);
  }
}

@Module({})
class BatchConsumerTestModule {
  static handledBy(handle: HandleBatch): DynamicModule {
    return {
      module: BatchConsumerTestModule,
      controllers: [CaseEventBatchesController],
      providers: [{ provide: HANDLE_BATCH, useValue: handle }],
    };
  }
}

const metadata: EventMetadata = {
  actor: { kind: 'system', id: 'jetstream-batch-consumer-test' },
  correlationId: randomUUID(),
  occurredAt: '2026-12-01T00:00:00.000Z',
};

function caseEvent(type: string, data: Record<string, unknown> = {}): RecordedEvent {
  return {
    eventId: randomUUID(),
    streamId: `case-${randomUUID()}`,
    streamVersion: 1,
    globalPosition: 1,
    transactionId: '1',
    type,
    schemaVersion: 1,
    data,
    metadata,
    recordedAt: new Date('2026-12-01T00:00:00.000Z'),
  };
}

const idOf = (message: JetStreamBatchMessage): string => (message.payload as RecordedEvent).eventId;

describe('JetStreamConsumerServer with a batch handler (real NATS JetStream and PostgreSQL)', () => {
  let dataSource: DataSource;
  let quarantine: PostgresMessageQuarantine;
  let env: Record<string, string>;
  let nats: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let stream: string;
  let consumer: string;
  let running: INestMicroservice[];

  beforeAll(async () => {
    dataSource = await openServiceDatabase({
      url: testEnvironment().DATABASE_URL ?? '',
      applicationName: 'jetstream-batch-consumer-test',
    });
    quarantine = new PostgresMessageQuarantine(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    env = testEnvironment();
    nats = await connect({ servers: env.NATS_URL });
    js = jetstream(nats);
    jsm = await jetstreamManager(nats);
    const id = randomBytes(4).toString('hex');
    stream = `BATCH_CONSUMER_TEST_${id}`;
    consumer = `audit-${id}`;
    running = [];
    await ensureEventStream(nats, { name: stream, subjectPrefix: env.NATS_SUBJECT_PREFIX ?? '' });
  });

  afterEach(async () => {
    for (const app of running.splice(0)) await app.close();
    await jsm.streams.delete(stream);
    await nats.close();
  });

  async function startConsumer(handle: HandleBatch): Promise<INestMicroservice> {
    const server = new JetStreamConsumerServer({
      servers: env.NATS_URL ?? '',
      subjectPrefix: env.NATS_SUBJECT_PREFIX ?? '',
      stream,
      consumer,
      quarantine,
      retryDelayMs: { first: 10, max: 40 },
    });
    const app = await NestFactory.createMicroservice(BatchConsumerTestModule.handledBy(handle), {
      strategy: server,
      logger: false,
      abortOnError: false,
    });
    running.push(app);
    await app.listen();
    return app;
  }

  async function stop(app: INestMicroservice): Promise<void> {
    running = running.filter((other) => other !== app);
    await app.close();
  }

  async function publish(event: RecordedEvent): Promise<number> {
    const subject = `${env.NATS_SUBJECT_PREFIX}madoguchi.case.${event.type}`;
    return (await js.publish(subject, JSON.stringify(event), { msgID: event.eventId })).seq;
  }

  async function publishAll(events: readonly RecordedEvent[]): Promise<number> {
    let last = 0;
    for (const event of events) last = await publish(event);
    return last;
  }

  async function settledUpTo(sequence: number): Promise<boolean> {
    const info = await jsm.consumers.info(stream, consumer);
    return info.ack_floor.stream_seq >= sequence && info.num_ack_pending === 0;
  }

  it('hands over up to maxMessages at a time, in stream order, one batch out at a time', async () => {
    const events = Array.from({ length: 250 }, (_, n) => caseEvent('opened', { n }));
    const last = await publishAll(events);
    const batches: { ids: string[]; sequences: number[]; pendingAtStart: number }[] = [];
    await startConsumer(async (messages, context) => {
      const info = await jsm.consumers.info(stream, consumer);
      batches.push({
        ids: messages.map(idOf),
        sequences: context.deliveries.map((delivery) => delivery.streamSequence),
        pendingAtStart: info.num_ack_pending,
      });
    });
    await waitFor(() => settledUpTo(last), { what: 'all 250 messages to be acknowledged' });

    expect(batches.map((batch) => batch.ids.length)).toEqual([100, 100, 50]);
    expect(batches.flatMap((batch) => batch.ids)).toEqual(events.map((event) => event.eventId));
    expect(batches.flatMap((batch) => batch.sequences)).toEqual(events.map((_, n) => n + 1));
    // The next batch is fetched only after the previous one is acknowledged in full.
    expect(batches.map((batch) => batch.pendingAtStart)).toEqual([100, 100, 50]);
    const info = await jsm.consumers.info(stream, consumer);
    expect(info.config.max_ack_pending).toBe(BATCH);
    expect(info.num_redelivered).toBe(0);
  });

  it('loses nothing across a restart: 300 messages, stopped mid-batch, all handled once and in order', async () => {
    const events = Array.from({ length: 300 }, (_, n) => caseEvent('opened', { n }));
    const last = await publishAll(events);
    const handled: { instance: string; eventId: string }[] = [];
    let secondBatchStarted = false;
    let release = (): void => undefined;
    const mayFinish = new Promise<void>((resolve) => (release = resolve));
    const first = await startConsumer(async (messages) => {
      if (handled.length === BATCH) {
        secondBatchStarted = true;
        await mayFinish;
      }
      handled.push(...messages.map((message) => ({ instance: 'first', eventId: idOf(message) })));
    });
    await waitFor(() => secondBatchStarted, { what: 'the second batch to be in its handler' });

    // Stopped while a batch is in its handler: it lets it finish, acks it and fetches nothing more.
    const stopping = stop(first);
    release();
    await stopping;
    expect(handled).toHaveLength(2 * BATCH);

    // More published while nobody consumes: they come after the rest.
    const later = Array.from({ length: 20 }, (_, n) => caseEvent('opened', { n: 300 + n }));
    const lastLater = await publishAll(later);
    expect(lastLater).toBeGreaterThan(last);
    await startConsumer((messages) => {
      handled.push(...messages.map((message) => ({ instance: 'second', eventId: idOf(message) })));
      return Promise.resolve();
    });
    await waitFor(() => settledUpTo(lastLater), { what: 'all 320 messages to be acknowledged' });

    expect(handled.map((entry) => entry.eventId)).toEqual(
      [...events, ...later].map((event) => event.eventId),
    );
    expect(handled.filter((entry) => entry.instance === 'first')).toHaveLength(2 * BATCH);
  });

  it('handles the others of a batch once when one message is poison, and quarantines that one', async () => {
    const before = [caseEvent('opened', { n: 1 }), caseEvent('opened', { n: 2 })];
    const poison = caseEvent('poisoned');
    const after = [caseEvent('opened', { n: 3 }), caseEvent('opened', { n: 4 })];
    await publishAll(before);
    const poisonSequence = await publish(poison);
    const garbled = await js.publish(`${env.NATS_SUBJECT_PREFIX}madoguchi.case.garbled`, '{"eventId": ', {
      msgID: randomUUID(),
    });
    const last = await publishAll(after);

    const calls: number[] = [];
    const poisonDeliveries: number[] = [];
    const handled: string[] = [];
    await startConsumer((messages, context) => {
      calls.push(messages.length);
      const poisoned = messages.findIndex(
        (message) => (message.payload as RecordedEvent).type === 'poisoned',
      );
      if (poisoned !== -1) {
        poisonDeliveries.push(context.deliveries[poisoned]?.deliveryCount ?? 0);
        // All or nothing, as a transaction would be.
        return Promise.reject(new Error('cannot audit: the event names no actor'));
      }
      handled.push(...messages.map(idOf));
      return Promise.resolve();
    });
    await waitFor(() => settledUpTo(last), { what: 'every message to be settled' });

    // The batch of five (the garbled one never reaches the handler), then each alone; then the poison
    // message on its own until its fifth delivery.
    expect(calls.slice(0, 6)).toEqual([5, 1, 1, 1, 1, 1]);
    expect(handled).toEqual([...before, ...after].map((event) => event.eventId));
    expect(poisonDeliveries).toEqual([1, 1, 2, 3, 4, 5]);
    expect(await quarantine.list(stream, consumer)).toEqual([
      expect.objectContaining({
        streamSequence: poisonSequence,
        messageId: poison.eventId,
        error: 'cannot audit: the event names no actor',
        deliveries: 5,
      }),
      expect.objectContaining({
        streamSequence: garbled.seq,
        payloadText: '{"eventId": ',
        error: expect.stringContaining('payload is not JSON') as unknown,
        deliveries: 1,
      }),
    ]);
  });
});
