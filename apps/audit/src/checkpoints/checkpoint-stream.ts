import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import type { CheckpointRow } from '../log/log-writer.repository';

export interface CheckpointStreamOptions {
  /** JETSTREAM_STREAM: the checkpoints go to `<it>_CHECKPOINTS`. */
  eventStream: string;
  subjectPrefix: string;
  replicas?: number;
}

export const CHECKPOINT_ID_HEADER = 'Madoguchi-Checkpoint-Id';

export const checkpointStreamName = (eventStream: string): string => `${eventStream}_CHECKPOINTS`;
export const checkpointSubject = (subjectPrefix: string): string =>
  `${subjectPrefix}madoguchi-audit.checkpoints`;

/**
 * The signed checkpoints, copied outside the database to a stream of their own that refuses deletes
 * and purges: a superuser who rewrites the log cannot rewrite these too, nor sign new ones.
 */
export class CheckpointStream {
  readonly name: string;
  readonly subject: string;

  constructor(
    private readonly nats: NatsConnection,
    private readonly options: CheckpointStreamOptions,
  ) {
    this.name = checkpointStreamName(options.eventStream);
    this.subject = checkpointSubject(options.subjectPrefix);
  }

  async ensure(): Promise<void> {
    const manager = await jetstreamManager(this.nats);
    const config: Partial<StreamConfig> & { name: string } = {
      name: this.name,
      subjects: [this.subject],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      num_replicas: this.options.replicas ?? 1,
      deny_delete: true,
      deny_purge: true,
    };
    try {
      await manager.streams.info(this.name);
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound))
        throw error;
      await manager.streams.add(config);
      return;
    }
    await manager.streams.update(this.name, config);
  }

  /** The id of the last checkpoint published, 0 when none was. */
  async lastPublishedId(): Promise<number> {
    const manager = await jetstreamManager(this.nats);
    try {
      const message = await manager.streams.getMessage(this.name, { last_by_subj: this.subject });
      return Number(message?.header.get(CHECKPOINT_ID_HEADER) ?? 0);
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.NoMessageFound) return 0;
      throw error;
    }
  }

  /** Every checkpoint note on the stream, oldest first: a copy of the signed heads the database cannot alter. */
  async readAll(): Promise<string[]> {
    const manager = await jetstreamManager(this.nats);
    const { state } = await manager.streams.info(this.name);
    if (state.messages === 0) return [];
    // The stream holds this one subject, so no filter (and none of the filters nats-server 2.9 lacks).
    const consumer = await jetstream(this.nats).consumers.get(this.name);
    const notes: string[] = [];
    const messages = await consumer.consume();
    for await (const message of messages) {
      notes.push(message.string());
      if (message.seq >= state.last_seq) break;
    }
    return notes;
  }

  /** The note as the body; the id (also the de-duplication id) and why it was made as headers. */
  async publish(checkpoint: CheckpointRow): Promise<void> {
    const headers = natsHeaders();
    headers.set(CHECKPOINT_ID_HEADER, String(checkpoint.id));
    headers.set('Madoguchi-Checkpoint-Reason', checkpoint.reason);
    if (checkpoint.closesDay) headers.set('Madoguchi-Checkpoint-Closes-Day', checkpoint.closesDay);
    await jetstream(this.nats).publish(this.subject, checkpoint.note, {
      msgID: `checkpoint-${checkpoint.id}-${checkpoint.treeSize}-${checkpoint.rootHash.toString('hex').slice(0, 16)}`,
      headers,
    });
  }
}
