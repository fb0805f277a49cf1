import { type DynamicModule, Module } from '@nestjs/common';
import { InfrastructureModule } from '@madoguchi/platform';
import type { CardGatewayConfig } from './card-gateway.config';
import { HealthHandler } from './health.handler';

/** The card gateway: the only part of the system that talks to a My Number card. */
@Module({})
export class CardGatewayModule {
  static forRoot(config: CardGatewayConfig): DynamicModule {
    return {
      module: CardGatewayModule,
      imports: [InfrastructureModule.forRoot({ service: 'card-gateway', natsUrl: config.NATS_URL })],
      controllers: [HealthHandler],
    };
  }
}
