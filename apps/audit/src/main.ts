import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp } from '@madoguchi/platform';
import { loadAuditConfig } from './audit.config';
import { AuditModule } from './audit.module';

async function main(): Promise<void> {
  const config = loadAuditConfig();
  const app = await createHttpApp(AuditModule.forRoot(config), 'audit', config);
  await app.listen(config.PORT, config.HOST);
  new Logger('audit').log(`listening on http://${config.HOST}:${config.PORT}`);
}

main().catch((error: unknown) => {
  new Logger('audit').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
