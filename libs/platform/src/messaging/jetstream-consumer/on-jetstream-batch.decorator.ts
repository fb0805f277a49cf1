import { applyDecorators, Catch, type RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';
import { JETSTREAM_TRANSPORT } from './on-jetstream-event.decorator';
import { assertSubjectFilter } from './subject-filter';

export interface JetStreamBatchOptions {
  /** Most messages handed to one call; also the consumer's max_ack_pending. Default 100, at most 10,000. */
  maxMessages?: number;
  /**
   * The longest a fetch waits. A fetch asks for what is waiting in the stream (up to `maxMessages`, at
   * least one), so it returns at once when the stream is busy; when it is idle, with the first message
   * that comes, or empty after this long. Default 1 s, the least the NATS client accepts.
   */
  maxWaitMs?: number;
}

export type ResolvedBatchOptions = Required<JetStreamBatchOptions>;

/** Key of the pattern extras by which the server tells a batch handler from a one-message handler. */
export const JETSTREAM_BATCH_EXTRAS = 'madoguchiJetStreamBatch';

export function resolveBatchOptions(options: JetStreamBatchOptions = {}): ResolvedBatchOptions {
  const resolved = { maxMessages: options.maxMessages ?? 100, maxWaitMs: options.maxWaitMs ?? 1_000 };
  if (!Number.isInteger(resolved.maxMessages) || resolved.maxMessages < 1 || resolved.maxMessages > 10_000) {
    throw new Error(`maxMessages must be an integer from 1 to 10000, got ${resolved.maxMessages}`);
  }
  if (!Number.isInteger(resolved.maxWaitMs) || resolved.maxWaitMs < 1_000) {
    throw new Error(`maxWaitMs must be an integer of at least 1000, got ${resolved.maxWaitMs}`);
  }
  return resolved;
}

@Catch()
class HandBatchErrorsToJetStreamConsumer implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Like `@OnJetStreamEvent`, but the method gets up to `maxMessages` messages at once, in stream order,
 * as a `JetStreamBatchMessage[]` payload (`@Ctx()` is a `JetStreamBatchContext`). Every message is
 * acknowledged once the method resolves, so it must resolve only after the batch's commit. When it
 * rejects, the server calls it again with each message of the batch alone, in order, and a message that
 * still fails is retried with a delay and quarantined after `maxDeliveries`, as `@OnJetStreamEvent`
 * would: one poison message neither blocks nor drops the others. The next batch is fetched only once
 * every message of this one is acknowledged.
 */
export function OnJetStreamBatch(
  subjectFilter: string,
  options: JetStreamBatchOptions = {},
): MethodDecorator {
  assertSubjectFilter(subjectFilter);
  const batch = resolveBatchOptions(options);
  return applyDecorators(
    EventPattern<string>(subjectFilter, JETSTREAM_TRANSPORT, { [JETSTREAM_BATCH_EXTRAS]: batch }),
    UseFilters(new HandBatchErrorsToJetStreamConsumer()),
  );
}
