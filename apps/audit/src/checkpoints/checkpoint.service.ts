import { Logger } from '@nestjs/common';
import type { Clock } from '@madoguchi/platform';
import type { LogReaderRepository } from '../log/log-reader.repository';
import type { LogSequencer } from '../log/log-sequencer';
import type { CheckpointStream } from './checkpoint-stream';

export interface CheckpointScheduleOptions {
  /** AUDIT_CHECKPOINT_INTERVAL_MS: how often new entries are covered (1 s by default). */
  intervalMs: number;
}

/**
 * Once the process is the sequencer: every interval, a checkpoint of any new entries and one for each
 * Asia/Tokyo day that has ended; then every checkpoint not yet on the checkpoint stream is published
 * there, in order. A publish that fails is tried again on the next tick.
 */
export class CheckpointService {
  private readonly logger = new Logger('AuditCheckpoints');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastPublishedId: number | undefined;

  constructor(
    private readonly sequencer: LogSequencer,
    private readonly reader: LogReaderRepository,
    private readonly stream: CheckpointStream,
    private readonly clock: Clock,
    private readonly options: CheckpointScheduleOptions,
  ) {}

  async start(): Promise<void> {
    await this.stream.ensure();
    await this.tick();
    this.timer = setInterval(() => {
      if (!this.running) void this.tick();
    }, this.options.intervalMs);
  }

  /** One round: checkpoint, close ended days, publish. Never throws: the next tick tries again. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the schedule; what the sequencer's own shutdown checkpoint adds is published by `publishPending`. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async publishPending(): Promise<void> {
    try {
      this.lastPublishedId ??= await this.stream.lastPublishedId();
      for (;;) {
        const pending = await this.reader.checkpointsAfter(this.lastPublishedId);
        if (pending.length === 0) return;
        for (const checkpoint of pending) {
          await this.stream.publish(checkpoint);
          this.lastPublishedId = checkpoint.id;
        }
      }
    } catch (error) {
      this.logger.warn(`checkpoints not published yet, will try again: ${describe(error)}`);
    }
  }

  private async round(): Promise<void> {
    try {
      if (this.sequencer.isSequencer) {
        await this.sequencer.checkpoint('interval');
        await this.sequencer.closeEndedDays(this.clock.now());
      }
    } catch (error) {
      this.logger.warn(`checkpoint not made, will try again: ${describe(error)}`);
    }
    await this.publishPending();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
