import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createCardGatewayApp } from './card-gateway.app';
import { loadCardGatewayConfig } from './card-gateway.config';

async function main(): Promise<void> {
  const config = loadCardGatewayConfig();
  const app = await createCardGatewayApp(config);
  await app.listen();
  new Logger('card-gateway').log(`serving reader ${config.READER_ID} over ${config.NATS_URL}`);
}

main().catch((error: unknown) => {
  new Logger('card-gateway').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
