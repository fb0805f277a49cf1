import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, type DynamicModule, Inject, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { jetstream, type JetStreamClient, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../../../../../tests/support/test-environment';
import { waitFor } from '../../../../../tests/support/wait-for';
import {
  openServiceDatabase,
  DuplicateEventError,
  type EventMetadata,
  PostgresEventStore,
  type RecordedEvent,
} from '../../event-store';
import { ensureEventStream } from '../event-stream';
import { JetStreamConsumerServer } from './jetstream-consumer.server';
import type { JetStreamConsumerOptions } from './jetstream-consumer.options';
import type { JetStreamContext } from './jetstream-context';
import { PostgresMessageQuarantine } from './message-quarantine';
import { OnJetStreamEvent } from './on-jetstream-event.decorator';

type Handle = (event: RecordedEvent, context: JetStreamContext) => Promise<void>;
const HANDLE = Symbol('HANDLE');

/** A plain Nest handler, found by Nest's own discovery: what an app's audit controller looks like. */
@Controller()
class CaseEventsController {
  constructor(@Inject(HANDLE) private readonly handle: Handle) {}

  @OnJetStreamEvent('madoguchi.case.>')
  onCaseEvent(@Payload() event: RecordedEvent, @Ctx() context: JetStreamContext): Promise<void> {
    return this.handle(event, context);
  }
}

@Module({})
class ConsumerTestModule {
  static handledBy(handle: Handle): DynamicModule {
    return {
      module: ConsumerTestModule,
      controllers: [CaseEventsController],
      providers: [{ provide: HANDLE, useValue: handle }],
    };
  }
}

const metadata: EventMetadata = {
  actor: { kind: 'system', id: 'jetstream-consumer-test' },
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

describe('JetStreamConsumerServer (real NATS JetStream and PostgreSQL)', () => {
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
      applicationName: 'jetstream-consumer-test',
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
    stream = `CONSUMER_TEST_${id}`;
    consumer = `audit-${id}`;
    running = [];
    await ensureEventStream(nats, { name: stream, subjectPrefix: env.NATS_SUBJECT_PREFIX ?? '' });
  });

  afterEach(async () => {
    for (const app of running.splice(0)) await app.close();
    await jsm.streams.delete(stream);
    await nats.close();
  });

  async function startConsumer(
    handle: Handle,
    overrides: Partial<JetStreamConsumerOptions> = {},
  ): Promise<{ app: INestMicroservice; server: JetStreamConsumerServer }> {
    const server = new JetStreamConsumerServer({
      servers: env.NATS_URL ?? '',
      subjectPrefix: env.NATS_SUBJECT_PREFIX ?? '',
      stream,
      consumer,
      quarantine,
      retryDelayMs: { first: 10, max: 40 },
      ...overrides,
    });
    const app = await NestFactory.createMicroservice(ConsumerTestModule.handledBy(handle), {
      strategy: server,
      logger: false,
      abortOnError: false,
    });
    running.push(app);
    await app.listen();
    return { app, server };
  }

  async function stop(app: INestMicroservice): Promise<void> {
    running = running.filter((other) => other !== app);
    await app.close();
  }

  async function publish(event: RecordedEvent): Promise<number> {
    const subject = `${env.NATS_SUBJECT_PREFIX}madoguchi.case.${event.type}`;
    return (await js.publish(subject, JSON.stringify(event), { msgID: event.eventId })).seq;
  }

  /** Every message up to `sequence` acknowledged (or terminated) and none out. */
  async function settledUpTo(sequence: number): Promise<boolean> {
    const info = await jsm.consumers.info(stream, consumer);
    return info.ack_floor.stream_seq >= sequence && info.num_ack_pending === 0;
  }

  it('processes a message once when its handler fails twice then succeeds, recording the work once', async () => {
    const store = new PostgresEventStore(dataSource);
    const auditStream = `audit-${randomUUID()}`;
    const deliveries: number[] = [];
    await startConsumer(async (event, context) => {
      deliveries.push(context.getDeliveryCount());
      if (deliveries.length === 1) throw new Error('database unavailable');
      try {
        await store.append(
          auditStream,
          [
            {
              type: 'CaseEventAudited',
              data: { type: event.type },
              schemaVersion: 1,
              eventId: event.eventId,
            },
          ],
          { expectedVersion: 'any', metadata },
        );
      } catch (error) {
        // Committed by an earlier delivery: the unique event id is the exactly-once guard.
        if (!(error instanceof DuplicateEventError)) throw error;
      }
      if (deliveries.length === 2) throw new Error('connection lost after the commit');
    });

    const event = caseEvent('opened');
    const sequence = await publish(event);
    await waitFor(() => settledUpTo(sequence), { what: 'the message to be acknowledged' });

    expect(deliveries).toEqual([1, 2, 3]);
    const { events } = await store.readStream(auditStream);
    expect(events.map((audited) => audited.eventId)).toEqual([event.eventId]);
    expect(await quarantine.list(stream, consumer)).toEqual([]);
  });

  it('quarantines a poison message after 5 failures and an unparsable one at once, then goes on', async () => {
    const poisonDeliveries: number[] = [];
    const handled: string[] = [];
    await startConsumer((event, context) => {
      if (event.type === 'poisoned') {
        poisonDeliveries.push(context.getDeliveryCount());
        return Promise.reject(new Error('cannot audit: the event names no actor'));
      }
      handled.push(event.eventId);
      return Promise.resolve();
    });

    const poison = caseEvent('poisoned');
    await publish(poison);
    const garbled = await js.publish(`${env.NATS_SUBJECT_PREFIX}madoguchi.case.garbled`, '{"eventId": ', {
      msgID: randomUUID(),
    });
    const good = caseEvent('opened');
    const last = await publish(good);
    await waitFor(() => settledUpTo(last), { what: 'all three messages to be settled' });

    expect(poisonDeliveries).toEqual([1, 2, 3, 4, 5]);
    expect(handled).toEqual([good.eventId]);
    expect(await quarantine.list(stream, consumer)).toEqual([
      expect.objectContaining({
        streamSequence: 1,
        subject: `${env.NATS_SUBJECT_PREFIX}madoguchi.case.poisoned`,
        messageId: poison.eventId,
        payload: JSON.parse(JSON.stringify(poison)) as unknown,
        payloadText: undefined,
        error: 'cannot audit: the event names no actor',
        deliveries: 5,
      }),
      expect.objectContaining({
        streamSequence: garbled.seq,
        subject: `${env.NATS_SUBJECT_PREFIX}madoguchi.case.garbled`,
        payload: undefined,
        payloadText: '{"eventId": ',
        error: expect.stringContaining('payload is not JSON') as unknown,
        deliveries: 1,
      }),
    ]);
  });

  it('stores a poison message delivered again after its quarantine only once, keeping the first error', async () => {
    const entry = {
      stream,
      consumer,
      streamSequence: 7,
      subject: 'madoguchi.case.poisoned',
      messageId: randomUUID(),
      body: '{"text":"NUL \\u0000 is valid JSON but not jsonb"}',
      bodyIsJson: true,
      error: 'first failure',
      deliveries: 5,
    };
    await quarantine.store(entry);
    await quarantine.store({ ...entry, error: 'the term was lost', deliveries: 6 });

    expect(await quarantine.list(stream, consumer)).toEqual([
      expect.objectContaining({
        streamSequence: 7,
        payloadText: entry.body,
        error: 'first failure',
        deliveries: 5,
      }),
    ]);
  });

  it('keeps a handler that outlasts the ack wait from being redelivered, by signalling progress', async () => {
    // The consumer's acks and progress signals travel on core NATS subjects a test can watch.
    const progressSignals = nats.subscribe(`$JS.ACK.${stream}.${consumer}.>`);
    let signals = 0;
    void (async () => {
      for await (const signal of progressSignals) if (signal.string() === '+WPI') signals++;
    })();
    const deliveries: number[] = [];
    let release = (): void => undefined;
    const mayFinish = new Promise<void>((resolve) => (release = resolve));
    await startConsumer(
      async (_event, context) => {
        deliveries.push(context.getDeliveryCount());
        await mayFinish;
      },
      { ackWaitMs: 1_000, workingIntervalMs: 250 },
    );
    const sequence = await publish(caseEvent('opened'));

    // Six signals 250 ms apart: the handler has run half again as long as the ack wait.
    await waitFor(() => signals >= 6, { what: 'progress signals past the ack wait' });
    release();
    await waitFor(() => settledUpTo(sequence), { what: 'the message to be acknowledged' });
    progressSignals.unsubscribe();

    expect(deliveries).toEqual([1]);
    expect((await jsm.consumers.info(stream, consumer)).num_redelivered).toBe(0);
  });

  it('delivers a message again to a restarted consumer when the one handling it died before acking', async () => {
    const seen: { instance: string; sequence: number; delivery: number }[] = [];
    let releaseFirst = (): void => undefined;
    const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = await startConsumer(
      async (_event, context) => {
        seen.push({
          instance: 'first',
          sequence: context.getStreamSequence(),
          delivery: context.getDeliveryCount(),
        });
        await firstMayFinish;
      },
      { ackWaitMs: 1_000 },
    );
    const sequence = await publish(caseEvent('opened'));
    await waitFor(() => seen.length === 1, { what: 'the first consumer to start on the message' });

    // Killed mid-handler: its connection goes, with its progress signals, and no ack will ever come.
    await first.server.unwrap<NatsConnection>().close();
    await startConsumer(
      (_event, context) => {
        seen.push({
          instance: 'second',
          sequence: context.getStreamSequence(),
          delivery: context.getDeliveryCount(),
        });
        return Promise.resolve();
      },
      { ackWaitMs: 1_000 },
    );
    await waitFor(() => settledUpTo(sequence), { what: 'the restarted consumer to handle the message' });
    releaseFirst();
    await stop(first.app);

    expect(seen).toEqual([
      { instance: 'first', sequence, delivery: 1 },
      { instance: 'second', sequence, delivery: 2 },
    ]);
  });

  it('loses nothing across a restart: 200 messages, stopped midway, all handled once and in order', async () => {
    const events = Array.from({ length: 200 }, (_, n) => caseEvent('opened', { n }));
    let last = 0;
    for (const event of events) last = await publish(event);

    const handled: { instance: string; eventId: string }[] = [];
    let sixtiethStarted = false;
    let releaseSixtieth = (): void => undefined;
    const sixtiethMayFinish = new Promise<void>((resolve) => (releaseSixtieth = resolve));
    const first = await startConsumer(async (event) => {
      if (handled.length === 59) {
        sixtiethStarted = true;
        await sixtiethMayFinish;
      }
      handled.push({ instance: 'first', eventId: event.eventId });
    });
    await waitFor(() => sixtiethStarted, { what: 'the 60th message to be in its handler' });

    // Stopped while a handler runs: it stops fetching, lets that handler finish and acks it.
    const stopping = stop(first.app);
    releaseSixtieth();
    await stopping;
    expect(handled).toHaveLength(60);

    await startConsumer((event) => {
      handled.push({ instance: 'second', eventId: event.eventId });
      return Promise.resolve();
    });
    await waitFor(() => settledUpTo(last), { what: 'all 200 messages to be acknowledged' });

    expect(handled.map((entry) => entry.eventId)).toEqual(events.map((event) => event.eventId));
    expect(handled.filter((entry) => entry.instance === 'first')).toHaveLength(60);
  });
});
