import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { isDomainEventType, subjectOfEvent } from '@madoguchi/domain';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource, MixedList } from 'typeorm';
import { NATS_CONNECTION } from '../connections/infrastructure.module';
import { ensureEventStream } from '../messaging/event-stream';
import { openServiceDatabase } from './data-source';
import type { RecordedEvent } from './event-store.types';
import { OutboxRelay } from './outbox-relay';
import { PostgresEventStore } from './postgres-event-store';

export const DATA_SOURCE = Symbol('DATA_SOURCE');

export interface EventBackboneOptions {
  service: string;
  databaseUrl: string;
  subjectPrefix: string;
  stream: string;
  streamReplicas?: number;
  /** The service's own migrations (read models, ...), run after the event store's. */
  migrations?: MixedList<string | (new () => unknown)>;
  /** Off for a replica that must not publish (there is one relay per database anyway). */
  relay?: boolean;
}

/** `madoguchi.<context>.<event-type>` for known events; anything else is a bug caught before it leaves. */
export function subjectOfRecordedEvent(prefix: string, event: RecordedEvent): string {
  if (!isDomainEventType(event.type)) throw new Error(`event type ${event.type} has no contract`);
  return `${prefix}${subjectOfEvent(event.type)}`;
}

/**
 * The event-sourcing backbone of a service: its database (migrated), the event store, and the outbox
 * relay that carries committed events to JetStream. Needs InfrastructureModule for the NATS connection.
 */
@Module({})
export class EventBackboneModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject('EVENT_BACKBONE_OPTIONS') private readonly options: EventBackboneOptions,
  ) {}

  static forRoot(options: EventBackboneOptions): DynamicModule {
    return {
      module: EventBackboneModule,
      global: true,
      providers: [
        { provide: 'EVENT_BACKBONE_OPTIONS', useValue: options },
        {
          provide: DATA_SOURCE,
          useFactory: () =>
            openServiceDatabase({
              url: options.databaseUrl,
              applicationName: `madoguchi-${options.service}`,
              migrations: options.migrations,
            }),
        },
        {
          provide: PostgresEventStore,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new PostgresEventStore(dataSource),
        },
        {
          provide: OutboxRelay,
          inject: [DATA_SOURCE, PostgresEventStore, NATS_CONNECTION],
          useFactory: (dataSource: DataSource, store: PostgresEventStore, nats: NatsConnection) =>
            new OutboxRelay(dataSource, store, nats, {
              subjectPrefix: options.subjectPrefix,
              subjectOf: (event) => subjectOfRecordedEvent(options.subjectPrefix, event),
              // Created (or brought up to date) by the relay, so a service can start while NATS is down.
              prepare: () =>
                ensureEventStream(nats, {
                  name: options.stream,
                  subjectPrefix: options.subjectPrefix,
                  replicas: options.streamReplicas ?? 1,
                }),
            }),
        },
      ],
      exports: [DATA_SOURCE, PostgresEventStore, OutboxRelay],
    };
  }

  onApplicationBootstrap(): void {
    if (this.options.relay !== false) this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.dataSource.destroy();
  }
}
