import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadAuditConfig } from './audit.config';
import { createAuditApp, startIngest } from './audit.app';
import { runKeygenCommand } from './verify/keygen.command';
import { runVerifyCommand } from './verify/verify.command';

/** The audit service, or one of its commands: `verify` (npm run audit:verify), `keygen` (npm run audit:keygen). */
async function main(args: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = args;
  if (command === 'verify') return runVerifyCommand(rest);
  if (command === 'keygen') return runKeygenCommand(rest);
  if (command !== undefined) throw new Error(`unknown command ${command}: use verify, keygen or nothing`);

  const config = loadAuditConfig();
  const logger = new Logger('audit');
  const app = await createAuditApp(config, {
    onLockLost: () => {
      // Crash-only: a restart waits its turn for the lock like any second instance.
      logger.error('another audit process became the sequencer while this one was cut off: exiting');
      process.exit(70);
    },
  });
  await app.listen(config.PORT, config.HOST);
  logger.log(`listening on http://${config.HOST}:${config.PORT}`);
  await startIngest(app);
  return undefined;
}

main(process.argv.slice(2))
  .then((exitCode) => {
    if (exitCode !== undefined) process.exitCode = exitCode;
  })
  .catch((error: unknown) => {
    new Logger('audit').error(error instanceof Error ? error.message : String(error));
    // For `verify`, 1 means "does not verify": a failure to run at all must not look like it.
    process.exit(process.argv[2] === 'verify' ? 2 : 1);
  });
