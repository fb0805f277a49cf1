import { applyDecorators, Catch, type RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';
import { assertSubjectFilter } from './subject-filter';

/**
 * Transport id of the JetStream consumer. Handlers tagged with it are registered on that server only,
 * never on a core NATS server of the same (hybrid) app, which would receive them without acks.
 */
export const JETSTREAM_TRANSPORT = Symbol('madoguchi-jetstream-consumer');

/**
 * Nest's default RPC filter turns an unknown handler error into `Internal server error`; the consumer
 * needs the real error to decide between a retry and the quarantine, and to record why.
 */
@Catch()
class HandErrorsToJetStreamConsumer implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Marks a plain Nest controller method as the handler of JetStream messages whose subject matches
 * `subjectFilter` (`*` and `>` allowed), e.g. `@OnJetStreamEvent('madoguchi.case.>')`. The run's
 * subject prefix is added by the server at start. The message is acknowledged once the method resolves,
 * so it must resolve only after its database commit; a rejection means "try again later".
 */
export function OnJetStreamEvent(subjectFilter: string): MethodDecorator {
  assertSubjectFilter(subjectFilter);
  return applyDecorators(
    EventPattern<string>(subjectFilter, JETSTREAM_TRANSPORT),
    UseFilters(new HandErrorsToJetStreamConsumer()),
  );
}
