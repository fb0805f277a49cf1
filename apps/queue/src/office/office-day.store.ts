import {
  type Clock,
  ConcurrencyError,
  type EventMetadata,
  type ExpectedVersion,
  type NewEvent,
  PostgresEventStore,
  type RecordedEvent,
} from '@madoguchi/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** Streams kept in memory at most; the day's streams of one replica are far fewer. */
const MAX_CACHED_STREAMS = 1_000;

/**
 * The event store as OfficeDay commands see it: each stream this replica has read or written is kept in
 * memory, so a command costs one statement (the append) instead of a read and an append. The cache may
 * be behind when another replica appended meanwhile; the append then fails on its expected version, the
 * stream is dropped from the cache, and the command handler's retry reads it from the database. So a
 * decision is never committed on a state older than the stream's.
 */
export class OfficeDayStore extends PostgresEventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    super(dataSource);
  }

  override async readStream(
    streamId: string,
    manager?: EntityManager,
  ): Promise<{ events: RecordedEvent[]; version: number }> {
    const cached = manager === undefined ? this.streams.get(streamId) : undefined;
    if (cached) return { events: [...cached], version: cached.at(-1)?.streamVersion ?? 0 };
    const read = await super.readStream(streamId, manager);
    if (read.version > 0) this.keep(streamId, read.events);
    return read;
  }

  override async append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedVersion: ExpectedVersion; metadata: EventMetadata },
    manager?: EntityManager,
  ): Promise<{ nextExpectedVersion: number; positions: number[] }> {
    let appended: { nextExpectedVersion: number; positions: number[] };
    try {
      appended = await super.append(streamId, events, options, manager);
    } catch (error) {
      if (error instanceof ConcurrencyError) this.streams.delete(streamId);
      throw error;
    }
    const cached = this.streams.get(streamId);
    const before = cached?.at(-1)?.streamVersion ?? 0;
    const first = appended.nextExpectedVersion - events.length + 1;
    // The row's own recorded_at is the database's; this copy only needs to be close to it.
    const recordedAt = this.clock.now();
    const recorded = events.map((event, index): RecordedEvent => ({
      // Only type, data and version matter to a fold; the rest is what this replica knows of the row.
      eventId: event.eventId ?? '',
      streamId,
      streamVersion: first + index,
      globalPosition: appended.positions[index] ?? 0,
      transactionId: '0',
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: structuredClone(event.data),
      metadata: options.metadata,
      recordedAt,
    }));
    if (options.expectedVersion === 'no-stream') this.keep(streamId, recorded);
    else if (cached && before === options.expectedVersion) this.keep(streamId, [...cached, ...recorded]);
    // Appended without knowing exactly what was there before: read it afresh next time.
    else this.streams.delete(streamId);
    return appended;
  }

  private keep(streamId: string, events: RecordedEvent[]): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, events);
    // Oldest first in a Map: drop the streams not used for longest.
    for (const oldest of this.streams.keys()) {
      if (this.streams.size <= MAX_CACHED_STREAMS) break;
      this.streams.delete(oldest);
    }
  }
}
