import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { cardOperationSubject } from '@madoguchi/domain';
import { createCardGatewayApp } from './card-gateway.app';
import { loadCardGatewayConfig } from './card-gateway.config';

async function main(): Promise<void> {
  const config = loadCardGatewayConfig();
  const app = await createCardGatewayApp(config);
  await app.listen();
  const subjects = `${config.NATS_SUBJECT_PREFIX}${cardOperationSubject(config.READER_ID, 'status').replace(/status$/, '*')}`;
  const driver =
    config.CARD_DRIVER === 'pcsc'
      ? `PC/SC reader "${config.PCSC_READER_NAME}"`
      : `simulated ${config.SIMULATED_CARD}`;
  new Logger('card-gateway').log(
    `serving reader ${config.READER_ID} (${driver}) on ${subjects} over ${config.NATS_URL}`,
  );
}

main().catch((error: unknown) => {
  new Logger('card-gateway').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
