import { type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { cardGatewayQueueGroup } from '@madoguchi/domain';
import { type Clock, natsServers, PrefixedNatsServer, RedactingLogger } from '@madoguchi/platform';
import type { CardGatewayConfig } from './card-gateway.config';
import { CardGatewayModule } from './card-gateway.module';
import { NatsRequestDeserializer } from './nats-request.deserializer';

/**
 * Builds the gateway as a NATS request-reply microservice. Its queue group is its reader's, so replicas serving
 * one reader share its requests, and a request to every reader (`card-gateway.readers`) reaches each reader once.
 */
export async function createCardGatewayApp(
  config: CardGatewayConfig,
  options: { clock?: Clock } = {},
): Promise<INestMicroservice> {
  const logger = new RedactingLogger('card-gateway', {
    level: config.LOG_LEVEL,
    json: config.LOG_FORMAT === 'json',
  });
  const app = await NestFactory.createMicroservice(CardGatewayModule.forRoot(config, options), {
    logger,
    strategy: new PrefixedNatsServer(config.NATS_SUBJECT_PREFIX, {
      servers: natsServers(config.NATS_URL),
      queue: cardGatewayQueueGroup(config.READER_ID),
      name: `madoguchi-card-gateway-${config.READER_ID}`,
      waitOnFirstConnect: true,
      maxReconnectAttempts: -1,
      deserializer: new NatsRequestDeserializer(),
    }),
  });
  app.enableShutdownHooks();
  return app;
}
