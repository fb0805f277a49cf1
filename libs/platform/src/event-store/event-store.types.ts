import type { Actor } from '@madoguchi/domain';

/** What a command handler hands to the store: a domain event plus its contract version. */
export interface NewEvent {
  type: string;
  data: unknown;
  schemaVersion: number;
  /** Fixed by the caller when it must be known in advance (idempotent retries); else generated. */
  eventId?: string;
}

/** Recorded with every event: who did it, why, and when it happened in the world. */
export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId?: string;
  occurredAt: string;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  /** xid8 of the writing transaction, as a decimal string (it can exceed 2^53). */
  transactionId: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
}

/** Optimistic concurrency: what the writer believes about the stream before appending. */
export type ExpectedVersion = 'any' | 'no-stream' | 'stream-exists' | number;

/** A position in commit-safe order: (transaction id, global position). */
export interface CommitPosition {
  transactionId: string;
  globalPosition: number;
}

export const START_OF_LOG: CommitPosition = { transactionId: '0', globalPosition: 0 };

export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  readonly code = 'concurrency-conflict';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, found ${actual}`);
  }
}

export class DuplicateEventError extends Error {
  override readonly name = 'DuplicateEventError';
  readonly code = 'duplicate-event';
  constructor(readonly streamId: string) {
    super(`stream ${streamId}: an event with the same id was already appended`);
  }
}
