import {
  DiscardPolicy,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

/** JetStream de-duplicates republished events (same Nats-Msg-Id) within this window. */
export const DUPLICATE_WINDOW_MS = 15 * 60 * 1000;

export interface EventStreamOptions {
  /** `MADOGUCHI` in production; each test run names its own. */
  name: string;
  /** NATS_SUBJECT_PREFIX; the stream takes `<prefix>madoguchi.>`. */
  subjectPrefix: string;
  replicas?: number;
}

export function eventStreamSubjects(subjectPrefix: string): string {
  return `${subjectPrefix}madoguchi.>`;
}

/** Creates the event stream, or brings an existing one to this configuration; safe to call at every start. */
export async function ensureEventStream(nats: NatsConnection, options: EventStreamOptions): Promise<void> {
  const manager = await jetstreamManager(nats);
  const config: Partial<StreamConfig> & { name: string } = {
    name: options.name,
    subjects: [eventStreamSubjects(options.subjectPrefix)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: options.replicas ?? 1,
    deny_delete: true,
    deny_purge: false,
  };
  try {
    await manager.streams.info(options.name);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    await manager.streams.add(config);
    return;
  }
  await manager.streams.update(options.name, config);
}
