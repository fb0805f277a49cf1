import { Logger } from '@nestjs/common';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource, QueryRunner } from 'typeorm';
import { CheckpointStore } from './checkpoint-store';
import { WakeablePause } from './wakeable-pause';
import type { CommitPosition, RecordedEvent } from './event-store.types';
import type { PostgresEventStore } from './postgres-event-store';

export interface OutboxRelayOptions {
  /** NATS_SUBJECT_PREFIX. */
  subjectPrefix: string;
  /** The subject of an event: `madoguchi.<context>.<event-type>` (from the domain contracts). */
  subjectOf(event: RecordedEvent): string;
  batchSize?: number;
  /** How often an idle relay looks for new events; `wake()` cuts the wait short. */
  idleMs?: number;
  /** How long to wait before trying again after NATS or Postgres failed. */
  retryMs?: number;
  /** Runs once before the first publish (and again after a failure), e.g. creating the stream. */
  prepare?: () => Promise<void>;
}

/** Only one relay per database publishes; the others wait on this lock. */
const RELAY_LOCK = 'madoguchi:outbox-relay';
const CHECKPOINT = 'outbox-relay';

/**
 * Publishes committed events to JetStream in commit order, with Nats-Msg-Id = event id, one at a time
 * waiting for each ack, and moves its checkpoint only after the ack. A relay that dies between ack and
 * checkpoint republishes, and JetStream drops the duplicate; while NATS is down the events simply stay
 * in the table and go out when it returns.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly checkpoints = new CheckpointStore();
  private readonly js: JetStreamClient;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly pause = new WakeablePause();
  private lockHolder: QueryRunner | undefined;
  private lastFailure: string | undefined;
  private prepared = false;
  /** True while this instance holds the lock and publishes. */
  active = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
    nats: NatsConnection,
    private readonly options: OutboxRelayOptions,
  ) {
    this.js = jetstream(nats);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after an append in this process, so the event goes out without waiting for the next poll. */
  wake(): void {
    this.pause.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.releaseLock();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!(await this.holdLock())) {
          await this.pause.wait(this.options.retryMs ?? 1_000);
          continue;
        }
        if (!this.prepared) {
          await this.options.prepare?.();
          this.prepared = true;
        }
        const published = await this.publishBatch();
        this.recovered();
        if (published === 0) await this.pause.wait(this.options.idleMs ?? 100);
      } catch (error) {
        this.failed(error);
        this.prepared = false;
        await this.releaseLock();
        await this.pause.wait(this.options.retryMs ?? 1_000);
      }
    }
  }

  private async publishBatch(): Promise<number> {
    const manager = this.dataSource.manager;
    let position: CommitPosition = await this.checkpoints.load(CHECKPOINT, manager);
    const events = await this.store.readAllAfter(position, this.options.batchSize ?? 500, manager);
    for (const event of events) {
      if (!this.running) break;
      await this.js.publish(this.options.subjectOf(event), JSON.stringify(event), { msgID: event.eventId });
      position = { transactionId: event.transactionId, globalPosition: event.globalPosition };
      await this.checkpoints.save(CHECKPOINT, position, manager);
    }
    return events.length;
  }

  /** A session-level advisory lock on a connection of its own: it dies with the session, so a crashed relay frees it. */
  private async holdLock(): Promise<boolean> {
    if (this.lockHolder && !this.lockHolder.isReleased) return true;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const [row] = (await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [
      RELAY_LOCK,
    ])) as { locked: boolean }[];
    if (!row?.locked) {
      await runner.release();
      this.active = false;
      return false;
    }
    this.lockHolder = runner;
    this.active = true;
    this.logger.log('outbox relay active');
    return true;
  }

  private async releaseLock(): Promise<void> {
    const runner = this.lockHolder;
    this.lockHolder = undefined;
    this.active = false;
    if (!runner || runner.isReleased) return;
    try {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [RELAY_LOCK]);
    } catch {
      // The session is gone, and the lock with it.
    }
    await runner.release().catch(() => undefined);
  }

  private failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // Say it once per outage, not once per retry.
    if (message !== this.lastFailure) this.logger.warn(`outbox relay paused: ${message}`);
    this.lastFailure = message;
  }

  private recovered(): void {
    if (this.lastFailure === undefined) return;
    this.logger.log('outbox relay resumed');
    this.lastFailure = undefined;
  }
}
