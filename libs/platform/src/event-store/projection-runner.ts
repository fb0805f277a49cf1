import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { CheckpointStore } from './checkpoint-store';
import { WakeablePause } from './wakeable-pause';
import type { RecordedEvent } from './event-store.types';
import type { PostgresEventStore } from './postgres-event-store';

/** A read model fed from the event store. */
export interface Projection {
  /** Names its checkpoint; two runners of one projection share it. */
  readonly name: string;
  /** Applies one event inside the runner's transaction; events it does not care about are ignored. */
  apply(event: RecordedEvent, manager: EntityManager): Promise<void>;
  /** Empties the read model, for a replay from the start of the log. */
  clear(manager: EntityManager): Promise<void>;
}

/**
 * Applies events to a read model in commit-safe order. Each batch of read-model changes and the
 * checkpoint after it commit in one transaction, so a crash can neither skip nor double-apply an event.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private readonly checkpoints = new CheckpointStore();
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly pause = new WakeablePause();

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
    private readonly projection: Projection,
    private readonly options: { batchSize?: number; idleMs?: number; retryMs?: number } = {},
  ) {
    this.logger = new Logger(`Projection ${projection.name}`);
  }

  private get checkpoint(): string {
    return `projection:${this.projection.name}`;
  }

  /** Applies every event committed so far; resolves with how many it applied. */
  async catchUp(): Promise<number> {
    let applied = 0;
    for (;;) {
      const count = await this.applyBatch();
      applied += count;
      if (count === 0) return applied;
    }
  }

  /** Empties the read model and its checkpoint in one transaction, then rebuilds it from the first event. */
  async replay(): Promise<number> {
    await this.dataSource.transaction(async (manager) => {
      await this.lock(manager);
      await this.projection.clear(manager);
      await this.checkpoints.reset(this.checkpoint, manager);
    });
    return this.catchUp();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          if ((await this.applyBatch()) === 0) await this.pause.wait(this.options.idleMs ?? 100);
        } catch (error) {
          this.logger.error(`projection paused: ${error instanceof Error ? error.message : String(error)}`);
          await this.pause.wait(this.options.retryMs ?? 1_000);
        }
      }
    })();
  }

  wake(): void {
    this.pause.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private applyBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager);
      const after = await this.checkpoints.load(this.checkpoint, manager);
      const events = await this.store.readAllAfter(after, this.options.batchSize ?? 500, manager);
      for (const event of events) await this.projection.apply(event, manager);
      const last = events.at(-1);
      if (last) {
        await this.checkpoints.save(
          this.checkpoint,
          { transactionId: last.transactionId, globalPosition: last.globalPosition },
          manager,
        );
      }
      return events.length;
    });
  }

  /** One runner at a time per projection: a second replica waits for the batch to commit. */
  private async lock(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [this.checkpoint]);
  }
}
