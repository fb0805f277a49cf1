import type { INestApplication } from '@nestjs/common';
import {
  createHttpApp,
  JetStreamConsumerServer,
  natsServers,
  type JetStreamConsumerOptions,
  PostgresMessageQuarantine,
} from '@madoguchi/platform';
import type { AuditConfig } from './audit.config';
import { AuditLifecycle } from './audit.lifecycle';
import { AuditModule, type AuditModuleOptions } from './audit.module';

export interface AuditAppOptions extends AuditModuleOptions {
  /** Consumer settings a test may shorten (ack wait, retry delays). */
  consumer?: Partial<
    Omit<JetStreamConsumerOptions, 'servers' | 'subjectPrefix' | 'stream' | 'consumer' | 'quarantine'>
  >;
}

/**
 * The audit app: HTTP for proofs and reports, and the JetStream consumer that feeds the log, created
 * but not yet started (see `startIngest`).
 */
export async function createAuditApp(
  config: AuditConfig,
  options: AuditAppOptions = {},
): Promise<INestApplication> {
  const app = await createHttpApp(AuditModule.forRoot(config, options), 'audit', config);
  // The compliance reports screen is served by the queue app and calls this API from the browser.
  app.enableCors({
    origin: config.AUDIT_CORS_ORIGINS,
    methods: ['GET', 'HEAD'],
    allowedHeaders: ['Authorization', 'Accept', 'Content-Type'],
    exposedHeaders: ['Content-Disposition'],
    maxAge: 600,
  });
  app.connectMicroservice(
    {
      strategy: new JetStreamConsumerServer({
        servers: natsServers(config.NATS_URL),
        subjectPrefix: config.NATS_SUBJECT_PREFIX,
        stream: config.JETSTREAM_STREAM,
        consumer: config.AUDIT_CONSUMER,
        quarantine: app.get(PostgresMessageQuarantine),
        ackWaitMs: config.AUDIT_CONSUMER_ACK_WAIT_MS,
        ...options.consumer,
      }),
    },
    { inheritAppConfig: true },
  );
  return app;
}

/** Waits to be the log's sequencer, then consumes events and checkpoints them. */
export async function startIngest(app: INestApplication): Promise<void> {
  const lifecycle = app.get(AuditLifecycle);
  if (!(await lifecycle.becomeSequencer())) return; // stopped while waiting for the lock
  await app.startAllMicroservices();
  await lifecycle.startCheckpoints();
}
