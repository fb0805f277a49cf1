import { type DynamicModule, Module } from '@nestjs/common';
import { EventBackboneModule, HealthController, InfrastructureModule } from '@madoguchi/platform';
import type { QueueConfig } from './queue.config';

/** The queue service: tickets, counters, display feed and PIN cases. */
@Module({})
export class QueueModule {
  static forRoot(config: QueueConfig): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        InfrastructureModule.forRoot({
          service: 'queue',
          natsUrl: config.NATS_URL,
          databaseUrl: config.DATABASE_URL,
          redis: { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX },
        }),
        EventBackboneModule.forRoot({
          service: 'queue',
          databaseUrl: config.DATABASE_URL,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          stream: config.JETSTREAM_STREAM,
          streamReplicas: config.JETSTREAM_REPLICAS,
        }),
      ],
      controllers: [HealthController],
    };
  }
}
