import { type DynamicModule, Module } from '@nestjs/common';
import { HealthController, InfrastructureModule } from '@madoguchi/platform';
import type { AuditConfig } from './audit.config';

/** The audit service: every event into a tamper-evident log, and compliance reports over it. */
@Module({})
export class AuditModule {
  static forRoot(config: AuditConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        InfrastructureModule.forRoot({
          service: 'audit',
          natsUrl: config.NATS_URL,
          databaseUrl: config.DATABASE_URL,
        }),
      ],
      controllers: [HealthController],
    };
  }
}
