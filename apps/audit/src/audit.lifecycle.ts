import { type BeforeApplicationShutdown, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ensureEventStream } from '@madoguchi/platform';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import type { CheckpointService } from './checkpoints/checkpoint.service';
import type { CheckpointSigner } from './checkpoints/checkpoint-signer';
import type { AuditIngestService } from './ingest/audit-ingest.service';
import type { LogSequencer } from './log/log-sequencer';

export interface EventStreamSettings {
  stream: string;
  subjectPrefix: string;
  replicas: number;
}

/**
 * The order things start and stop in. Ingest starts only once this process is the sequencer (a second
 * instance serves reads and waits); on shutdown the consumer finishes its message first (Nest closes it
 * between the two hooks), then the last entries are checkpointed and published, then the database goes.
 */
export class AuditLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly stopping = new AbortController();
  private checkpointing = false;

  constructor(
    private readonly sequencer: LogSequencer,
    private readonly checkpoints: CheckpointService,
    private readonly ingest: AuditIngestService,
    private readonly nats: NatsConnection,
    private readonly dataSource: DataSource,
    private readonly signer: CheckpointSigner,
    private readonly eventStream: EventStreamSettings,
  ) {}

  /**
   * Waits to be the sequencer; the event stream is created if the queue has not done so yet. False when
   * the service began to stop first.
   */
  async becomeSequencer(): Promise<boolean> {
    await ensureEventStream(this.nats, {
      name: this.eventStream.stream,
      subjectPrefix: this.eventStream.subjectPrefix,
      replicas: this.eventStream.replicas,
    });
    this.logger.log('waiting to be the sequencer of the audit log');
    try {
      await this.sequencer.becomeSequencer({ signal: this.stopping.signal });
    } catch (error) {
      if (this.stopping.signal.aborted) return false;
      throw error;
    }
    this.logger.log(`sequencer of the audit log at ${this.sequencer.treeSize} entries`);
    return true;
  }

  async startCheckpoints(): Promise<void> {
    if (this.signer.development) {
      this.logger.warn('checkpoints are signed with the public development key: set AUDIT_SIGNING_KEY');
    }
    this.checkpointing = true;
    await this.checkpoints.start();
  }

  beforeApplicationShutdown(): void {
    this.stopping.abort(new Error('the audit service is stopping'));
    this.ingest.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.checkpoints.stop();
    await this.sequencer.stop();
    if (this.checkpointing) await this.checkpoints.publishPending();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
