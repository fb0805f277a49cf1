import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Clock, ClockModule, EventBackboneModule, InfrastructureModule } from '@madoguchi/platform';
import type { CardGatewayConfig } from './card-gateway.config';
import { CardFactsRepository } from './card-facts.repository';
import { CardReaders } from './card-readers';
import { cardRequestsHandlerFor, ReadersHandler } from './card-requests.handler';
import { CardRequestsService } from './card-requests.service';
import { HealthHandler } from './health.handler';

/** The card gateway: the only part of the system that talks to a My Number card. */
@Module({})
export class CardGatewayModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(CardReaders) private readonly readers: CardReaders,
    @Inject(CardFactsRepository) private readonly facts: CardFactsRepository,
  ) {}

  /** `options.clock`: a test's clock (see ClockModule); the system clock otherwise. */
  static forRoot(config: CardGatewayConfig, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: CardGatewayModule,
      imports: [
        ClockModule.forRoot({ nodeEnv: config.NODE_ENV, clock: options.clock }),
        // The health report stays NATS-only for now: tests/e2e/health.e2e-spec.ts pins its exact shape.
        InfrastructureModule.forRoot({ service: 'card-gateway', natsUrl: config.NATS_URL }),
        EventBackboneModule.forRoot({
          service: 'card-gateway',
          databaseUrl: config.DATABASE_URL,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          stream: config.JETSTREAM_STREAM,
          streamReplicas: config.JETSTREAM_REPLICAS,
        }),
      ],
      controllers: [HealthHandler, ReadersHandler, cardRequestsHandlerFor(config.READER_ID)],
      providers: [
        CardFactsRepository,
        {
          provide: CardReaders,
          inject: [CardFactsRepository],
          useFactory: (facts: CardFactsRepository) => CardReaders.open(config, facts),
        },
        CardRequestsService,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.readers.start();
  }

  /** Before the event backbone closes the database: let operations and their facts finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.readers.stop();
    await this.facts.settle();
  }
}
