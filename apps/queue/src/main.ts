import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp } from '@madoguchi/platform';
import { loadQueueConfig } from './queue.config';
import { setupOpenApi } from './office/open-api';
import { QueueModule } from './queue.module';

async function main(): Promise<void> {
  const config = loadQueueConfig();
  const app = await createHttpApp(QueueModule.forRoot(config), 'queue', config);
  setupOpenApi(app);
  await app.listen(config.PORT, config.HOST);
  new Logger('queue').log(`listening on http://${config.HOST}:${config.PORT}`);
}

main().catch((error: unknown) => {
  new Logger('queue').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
