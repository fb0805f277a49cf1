import type { INestApplication } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { subjectOfEvent, type DomainEventType } from '@madoguchi/domain';
import {
  type Clock,
  type ControllableClock,
  developmentTokenKeys,
  type Role,
  TokenIssuer,
} from '@madoguchi/platform';
import { testClock } from '../../apps/queue/src/office/testing/queue-test-harness';
import { createAuditApp, startIngest, type AuditAppOptions } from '../../apps/audit/src/audit.app';
import { loadAuditConfig, type AuditConfig } from '../../apps/audit/src/audit.config';
import { checkpointStreamName } from '../../apps/audit/src/checkpoints/checkpoint-stream';
import type { AuditedEvent } from '../../apps/audit/src/log/audit-entry';
import { LogReaderRepository } from '../../apps/audit/src/log/log-reader.repository';
import type { CheckpointRow } from '../../apps/audit/src/log/log-writer.repository';
import { deleteStream } from './jetstream';
import { createTestDatabase } from './test-database';
import { testEnvironment } from './test-environment';
import { waitFor } from './wait-for';

/**
 * An audit service of a test's own: its own database (so the log starts empty), stream, subject prefix
 * and consumer, with NATS at hand to publish events the way the outbox relay does. It runs on the test's
 * clock (`clock`), which a test booting other services hands to them too.
 */
export class AuditHarness {
  app: INestApplication | undefined;
  private constructor(
    readonly config: AuditConfig,
    readonly database: { url: string; drop: () => Promise<void> },
    readonly nats: NatsConnection,
    readonly js: JetStreamClient,
    readonly clock: ControllableClock,
  ) {}

  static async create(
    env: Record<string, string> = {},
    clock: ControllableClock = testClock(),
  ): Promise<AuditHarness> {
    const database = await createTestDatabase();
    const config = loadAuditConfig({
      ...testEnvironment(),
      DATABASE_URL: database.url,
      AUDIT_CHECKPOINT_INTERVAL_MS: '50',
      ...env,
    });
    const nats = await connect({ servers: config.NATS_URL });
    return new AuditHarness(config, database, nats, jetstream(nats), clock);
  }

  async start(options: AuditAppOptions = {}): Promise<INestApplication> {
    const app = await createAuditApp(this.config, {
      consumer: { retryDelayMs: { first: 10, max: 40 } },
      clock: this.clock,
      ...options,
    });
    this.app = app;
    await app.init();
    await startIngest(app);
    return app;
  }

  /** `Bearer <token>` of a staff session valid now on this audit's clock. */
  bearer(role: Exclude<Role, 'kiosk' | 'display'>, subject = `${role}-1`): string {
    return bearerOf(role, this.clock, subject);
  }

  get reader(): LogReaderRepository {
    if (!this.app) throw new Error('start the audit app first');
    return this.app.get(LogReaderRepository);
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    await this.nats.close();
    await deleteStream(this.config.NATS_URL, this.config.JETSTREAM_STREAM);
    await deleteStream(this.config.NATS_URL, checkpointStreamName(this.config.JETSTREAM_STREAM));
    await this.database.drop();
  }

  /** As the outbox relay publishes: on the event's subject, with its id as Nats-Msg-Id. Returns the stream sequence. */
  async publish(event: AuditedEvent, msgID = event.eventId): Promise<number> {
    const subject = `${this.config.NATS_SUBJECT_PREFIX}${subjectOfEvent(event.type as DomainEventType)}`;
    return (await this.js.publish(subject, JSON.stringify(event), { msgID })).seq;
  }

  /** Every message up to `sequence` acknowledged (or quarantined) by the audit consumer. */
  async settledUpTo(sequence: number): Promise<boolean> {
    const manager = await jetstreamManager(this.nats);
    const info = await manager.consumers.info(this.config.JETSTREAM_STREAM, this.config.AUDIT_CONSUMER);
    return info.ack_floor.stream_seq >= sequence && info.num_ack_pending === 0;
  }

  async waitForSettled(sequence: number, timeoutMs = 10_000): Promise<void> {
    await waitFor(() => this.settledUpTo(sequence), {
      what: `messages up to #${sequence} to be settled`,
      timeoutMs,
    });
  }

  waitForCheckpoint(treeSize: number, timeoutMs = 10_000): Promise<CheckpointRow> {
    return waitFor(
      async () => {
        const latest = await this.reader.latestCheckpoint();
        return latest && latest.treeSize >= treeSize ? latest : undefined;
      },
      { what: `a checkpoint of ${treeSize} entries`, timeoutMs },
    );
  }
}

/** A session token signed with the development key, as the queue would issue it. */
export function bearerOf(
  role: Exclude<Role, 'kiosk' | 'display'>,
  clock: Clock,
  subject = `${role}-1`,
): string {
  const { token } = new TokenIssuer(developmentTokenKeys().privateKey).issue({ subject, role }, clock.now());
  return `Bearer ${token}`;
}
