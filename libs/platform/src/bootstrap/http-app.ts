import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RedactingLogger } from '../logging';
import type { LogSettings } from './log-settings';

/** Creates (not yet listening) an HTTP app with the redacting logger and graceful shutdown. */
export async function createHttpApp(
  module: Type | DynamicModule,
  name: string,
  log: LogSettings,
): Promise<INestApplication> {
  const logger = new RedactingLogger(name, { level: log.LOG_LEVEL, json: log.LOG_FORMAT === 'json' });
  const app = await NestFactory.create(module, { logger, bufferLogs: false });
  app.enableShutdownHooks();
  return app;
}
