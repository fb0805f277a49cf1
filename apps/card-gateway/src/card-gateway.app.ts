import { type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PrefixedNatsServer, RedactingLogger } from '@madoguchi/platform';
import type { CardGatewayConfig } from './card-gateway.config';
import { CardGatewayModule } from './card-gateway.module';

/** Builds the gateway as a NATS request-reply microservice; replicas share work in one queue group. */
export async function createCardGatewayApp(config: CardGatewayConfig): Promise<INestMicroservice> {
  const logger = new RedactingLogger('card-gateway', {
    level: config.LOG_LEVEL,
    json: config.LOG_FORMAT === 'json',
  });
  const app = await NestFactory.createMicroservice(CardGatewayModule.forRoot(config), {
    logger,
    strategy: new PrefixedNatsServer(config.NATS_SUBJECT_PREFIX, {
      servers: config.NATS_URL,
      queue: 'card-gateway',
      name: `madoguchi-card-gateway-${config.READER_ID}`,
      waitOnFirstConnect: true,
      maxReconnectAttempts: -1,
    }),
  });
  app.enableShutdownHooks();
  return app;
}
