import { type DynamicModule, Module } from '@nestjs/common';
import {
  type Clock,
  ClockModule,
  EventBackboneModule,
  HealthController,
  InfrastructureModule,
} from '@madoguchi/platform';
import type { QueueConfig } from './queue.config';
import { Staff1764100000000 } from './database/migrations/1764100000000-staff';
import { CaseDirectory1764200000000 } from './database/migrations/1764200000000-case-directory';
import { StaffModule } from './staff/staff.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { CountersModule } from './counters/counters.module';
import { DisplayModule } from './display/display.module';
import { OfficeModule } from './office/office.module';
import { officeModuleOptions } from './office/office.environment';
import { TicketsModule } from './tickets/tickets.module';
import { ScreensModule } from './screens/screens.module';

/** The queue database's own migrations, after the platform's (also run by the staff command). */
export const QUEUE_MIGRATIONS = [Staff1764100000000, CaseDirectory1764200000000];

/** The queue service: tickets, counters, display feed and PIN cases. */
@Module({})
export class QueueModule {
  /** `options.clock`: a test's clock (see ClockModule); the system clock otherwise. */
  static forRoot(config: QueueConfig, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        ClockModule.forRoot({ nodeEnv: config.NODE_ENV, clock: options.clock }),
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
          migrations: QUEUE_MIGRATIONS,
        }),
        StaffModule.forRoot(config),
        OfficeModule.forRoot(officeModuleOptions(config)),
        TicketsModule,
        CountersModule,
        DisplayModule,
        CalendarModule,
        ScreensModule,
        CasesModule.forRoot({ subjectPrefix: config.NATS_SUBJECT_PREFIX, timeoutMs: 10_000 }),
      ],
      controllers: [HealthController],
    };
  }
}
