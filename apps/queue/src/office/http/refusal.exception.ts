import { HttpException, HttpStatus } from '@nestjs/common';
import type { OfficeDayRefusal } from '@madoguchi/domain';

/** Refusals caused by what was asked for (a service or applicant the office does not have). */
const UNPROCESSABLE: ReadonlySet<OfficeDayRefusal['code']> = new Set([
  'unknown-service',
  'applicant-required',
  'applicant-not-applicable',
  'no-services',
  'same-service',
]);

/**
 * A refusal of the OfficeDay aggregate as an HTTP answer: 422 when the request itself cannot be
 * served, 409 when the day's state forbids it now (closed, past the cut-off, counter busy, nobody
 * waiting). The body carries the refusal's code and details, e.g. when the office opens next.
 */
export class OfficeDayRefusalException extends HttpException {
  constructor(readonly refusal: OfficeDayRefusal) {
    const status = UNPROCESSABLE.has(refusal.code) ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.CONFLICT;
    super(
      {
        statusCode: status,
        error: status === HttpStatus.CONFLICT ? 'Conflict' : 'Unprocessable Entity',
        message: describeRefusal(refusal),
        refusal,
      },
      status,
    );
  }
}

export function describeRefusal(refusal: OfficeDayRefusal): string {
  switch (refusal.code) {
    case 'day-closed':
      return 'the office day is closed';
    case 'wrong-day':
      return `the office day ${refusal.officeDay} is not today (${refusal.commandDay})`;
    case 'unknown-service':
      return `service ${refusal.service} is not offered here`;
    case 'applicant-required':
      return `applicant: say who applies for ${refusal.service}`;
    case 'applicant-not-applicable':
      return `applicant: ${refusal.service} is not a PIN procedure, leave the applicant out`;
    case 'office-closed':
      return `the office is closed today (${refusal.reason}); it opens next at ${refusal.nextOpening}`;
    case 'before-opening':
      return `the office is not open yet; it opens at ${refusal.nextOpening}`;
    case 'after-closing':
      return `the office has closed for today; it opens next at ${refusal.nextOpening}`;
    case 'past-cutoff':
      return `tickets are no longer issued today (since ${refusal.cutoffAt}); the office opens next at ${refusal.nextOpening}`;
    case 'wait-runs-past-closing':
      return `the estimated wait of ${refusal.estimatedWaitMinutes} minutes runs past closing; the office opens next at ${refusal.nextOpening}`;
    case 'no-services':
      return `services: counter ${refusal.counter} must serve at least one service`;
    case 'counter-already-open':
      return `counter ${refusal.counter} is already open`;
    case 'counter-not-open':
      return `counter ${refusal.counter} is not open`;
    case 'counter-busy':
      return `counter ${refusal.counter} is still busy with ticket ${refusal.ticketNumber}`;
    case 'no-ticket-waiting':
      return `no ticket is waiting for counter ${refusal.counter}`;
    case 'no-ticket-at-counter':
      return `no ticket is at counter ${refusal.counter}`;
    case 'too-few-calls':
      return `ticket ${refusal.ticketNumber} was called ${refusal.callCount} times; ${refusal.required} calls are needed before a no-show`;
    case 'service-already-started':
      return `service of ticket ${refusal.ticketNumber} has already started`;
    case 'service-not-started':
      return `service of ticket ${refusal.ticketNumber} has not started`;
    case 'same-service':
      return `toService: ticket ${refusal.ticketNumber} is already in the line of ${refusal.service}`;
    case 'unknown-ticket':
      return `ticket ${refusal.ticketNumber} was not issued today`;
    case 'ticket-not-held':
      return `ticket ${refusal.ticketNumber} is not on hold (it is ${refusal.status})`;
  }
}
