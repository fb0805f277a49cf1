import { nextOpening, openingHours, ticketingCutoff } from '../calendar';
import type { ClosedReason, OfficeCalendar } from '../calendar';
import { tokyoDateOf, tokyoInstant } from '../shared/calendar-date';
import type { CalendarDate } from '../shared/calendar-date';
import { accept, assertNever, refuse } from '../shared/decision';
import type { CommandMetadata, Decision } from '../shared/decision';
import type { ApplicantType } from '../shared/procedures';
import type { OfficeDayEvent, OfficeDayState, OfficeDayTicket, TicketStatus } from './office-day.events';
import type { OfficeDaySettings, ServiceDefinition } from './office-day.settings';
import { nextTicketFor, ticketAtCounter } from './office-day.waiting-line';

type Command<Type extends string, Data> = { type: Type; data: Data; metadata: CommandMetadata };

export type IssueTicket = Command<
  'IssueTicket',
  {
    service: string;
    /** Asked for PIN procedures only. */
    applicant?: ApplicantType;
    /** Elderly, disabled or pregnant residents. */
    priority?: boolean;
    /** The wait the kiosk is about to print; a ticket is refused when it would run past closing. */
    estimatedWaitMinutes?: number;
  }
>;
export type OpenCounter = Command<'OpenCounter', { counter: string; services: string[] }>;
export type CloseCounter = Command<'CloseCounter', { counter: string }>;
export type CallNext = Command<'CallNext', { counter: string }>;
export type Recall = Command<'Recall', { counter: string }>;
export type NoShow = Command<'NoShow', { counter: string }>;
export type StartService = Command<'StartService', { counter: string }>;
export type FinishService = Command<'FinishService', { counter: string }>;
export type Transfer = Command<'Transfer', { counter: string; toService: string }>;
export type Hold = Command<'Hold', { counter: string }>;
export type ReturnFromHold = Command<'ReturnFromHold', { ticketNumber: string }>;
export type CloseDay = Command<'CloseDay', Record<string, never>>;

export type OfficeDayCommand =
  | IssueTicket
  | OpenCounter
  | CloseCounter
  | CallNext
  | Recall
  | NoShow
  | StartService
  | FinishService
  | Transfer
  | Hold
  | ReturnFromHold
  | CloseDay;

/**
 * Why a command was refused, with what a kiosk or clerk screen needs to say it (instants as ISO strings).
 * Ticketing refusals outside hours name the next opening so the kiosk can tell the resident when to come.
 */
export type OfficeDayRefusal =
  | { code: 'day-closed' }
  | { code: 'wrong-day'; officeDay: CalendarDate; commandDay: CalendarDate }
  | { code: 'unknown-service'; service: string }
  | { code: 'applicant-required'; service: string }
  | { code: 'applicant-not-applicable'; service: string }
  | { code: 'office-closed'; reason: ClosedReason; holidayName?: string; nextOpening: string }
  | { code: 'before-opening'; nextOpening: string }
  | { code: 'after-closing'; nextOpening: string }
  | { code: 'past-cutoff'; cutoffAt: string; nextOpening: string }
  | {
      code: 'wait-runs-past-closing';
      estimatedWaitMinutes: number;
      closesAt: string;
      nextOpening: string;
    }
  | { code: 'no-services'; counter: string }
  | { code: 'counter-already-open'; counter: string }
  | { code: 'counter-not-open'; counter: string }
  | { code: 'counter-busy'; counter: string; ticketNumber: string }
  | { code: 'no-ticket-waiting'; counter: string }
  | { code: 'no-ticket-at-counter'; counter: string }
  | { code: 'too-few-calls'; ticketNumber: string; callCount: number; required: number }
  | { code: 'service-already-started'; ticketNumber: string }
  | { code: 'service-not-started'; ticketNumber: string }
  | { code: 'same-service'; ticketNumber: string; service: string }
  | { code: 'unknown-ticket'; ticketNumber: string }
  | { code: 'ticket-not-held'; ticketNumber: string; status: TicketStatus };

export type OfficeDayDecision = Decision<OfficeDayEvent, OfficeDayRefusal>;

export function decideOfficeDay(
  command: OfficeDayCommand,
  state: OfficeDayState,
  settings: OfficeDaySettings,
): OfficeDayDecision {
  if (state.closed) return refuse({ code: 'day-closed' });
  const now = command.metadata.now;
  const commandDay = tokyoDateOf(now);
  // A day still open after midnight must stay closable (by a sweep the next morning); nothing else may
  // be written into a day that is over, nor anything into a day that has not begun.
  const closingAfterwards = command.type === 'CloseDay' && state.day !== null && commandDay > state.day;
  if (state.day !== null && state.day !== commandDay && !closingAfterwards) {
    return refuse({ code: 'wrong-day', officeDay: state.day, commandDay });
  }
  const at = now.toISOString();
  const { type, data } = command;
  switch (type) {
    case 'IssueTicket':
      return issueTicket(data, now, state, settings);
    case 'OpenCounter':
      return openCounter(data, at, state, settings);
    case 'CloseCounter': {
      if (!state.counters[data.counter]) return refuse({ code: 'counter-not-open', counter: data.counter });
      const busyWith = ticketAtCounter(state, data.counter);
      if (busyWith) return refuseBusy(data.counter, busyWith);
      return accept({ type: 'CounterClosed', data: { counter: data.counter, closedAt: at } });
    }
    case 'CallNext':
      return callNext(data.counter, at, state, settings);
    case 'Recall':
      return withCalledTicket(state, data.counter, (ticket) =>
        accept({
          type: 'TicketRecalled',
          data: {
            ticketNumber: ticket.ticketNumber,
            counter: data.counter,
            callCount: ticket.callCount + 1,
            recalledAt: at,
          },
        }),
      );
    case 'NoShow':
      return withCalledTicket(state, data.counter, (ticket) =>
        ticket.callCount < settings.noShowAfterCalls
          ? refuse({
              code: 'too-few-calls',
              ticketNumber: ticket.ticketNumber,
              callCount: ticket.callCount,
              required: settings.noShowAfterCalls,
            })
          : accept({
              type: 'TicketMarkedNoShow',
              data: {
                ticketNumber: ticket.ticketNumber,
                counter: data.counter,
                callCount: ticket.callCount,
                markedAt: at,
              },
            }),
      );
    case 'StartService':
      return withCalledTicket(state, data.counter, (ticket) =>
        accept({
          type: 'ServiceStarted',
          data: { ticketNumber: ticket.ticketNumber, counter: data.counter, startedAt: at },
        }),
      );
    case 'FinishService':
      return finishService(data.counter, now, state);
    case 'Transfer':
      return transfer(data, at, state, settings);
    case 'Hold':
      return withTicketAtCounter(state, data.counter, (ticket) =>
        accept({
          type: 'TicketHeld',
          data: { ticketNumber: ticket.ticketNumber, counter: data.counter, heldAt: at },
        }),
      );
    case 'ReturnFromHold': {
      const ticket = state.tickets.find((candidate) => candidate.ticketNumber === data.ticketNumber);
      if (!ticket) return refuse({ code: 'unknown-ticket', ticketNumber: data.ticketNumber });
      if (ticket.status !== 'held') {
        return refuse({ code: 'ticket-not-held', ticketNumber: ticket.ticketNumber, status: ticket.status });
      }
      return accept({ type: 'TicketReturned', data: { ticketNumber: ticket.ticketNumber, returnedAt: at } });
    }
    case 'CloseDay': {
      // A resident still at a counter when the day closes was not served as far as the day's record goes.
      const unserved = state.tickets
        .filter((ticket) => ticket.status !== 'finished' && ticket.status !== 'no-show')
        .map((ticket) => ticket.ticketNumber);
      return accept({ type: 'DayClosed', data: { unserved, closedAt: at } });
    }
    default:
      return assertNever(type);
  }
}

function issueTicket(
  data: IssueTicket['data'],
  now: Date,
  state: OfficeDayState,
  settings: OfficeDaySettings,
): OfficeDayDecision {
  const service = findService(settings, data.service);
  if (!service) return refuse({ code: 'unknown-service', service: data.service });
  if (service.procedure !== undefined && data.applicant === undefined) {
    return refuse({ code: 'applicant-required', service: service.code });
  }
  if (service.procedure === undefined && data.applicant !== undefined) {
    return refuse({ code: 'applicant-not-applicable', service: service.code });
  }
  const outsideHours = ticketingRefusal(now, data.estimatedWaitMinutes, settings.calendar);
  if (outsideHours) return refuse(outsideHours);
  const sequence = (state.lastSequence[service.code] ?? 0) + 1;
  return accept({
    type: 'TicketIssued',
    data: {
      ticketNumber: ticketNumberOf(service, sequence),
      service: service.code,
      sequence,
      applicant: data.applicant ?? null,
      priority: data.priority ?? false,
      issuedAt: now.toISOString(),
    },
  });
}

/** 'R001'. Past 999 the number simply grows ('R1000') rather than wrapping into a number already given. */
export function ticketNumberOf(service: Pick<ServiceDefinition, 'prefix'>, sequence: number): string {
  return `${service.prefix}${String(sequence).padStart(3, '0')}`;
}

function ticketingRefusal(
  now: Date,
  estimatedWaitMinutes: number | undefined,
  calendar: OfficeCalendar,
): OfficeDayRefusal | undefined {
  const day = tokyoDateOf(now);
  const hours = openingHours(day, calendar);
  if (!hours.open) {
    return {
      code: 'office-closed',
      reason: hours.reason,
      ...(hours.holidayName !== undefined && { holidayName: hours.holidayName }),
      nextOpening: nextOpening(now, calendar).toISOString(),
    };
  }
  const opensAt = tokyoInstant(day, hours.opens);
  if (now < opensAt) return { code: 'before-opening', nextOpening: opensAt.toISOString() };
  const closesAt = tokyoInstant(day, hours.closes);
  // Asked at closing time, because `now` may still be within hours and would be its own next opening.
  const nextDayOpening = (): string => nextOpening(closesAt, calendar).toISOString();
  if (now >= closesAt) return { code: 'after-closing', nextOpening: nextDayOpening() };
  const cutoffAt = ticketingCutoff(day, calendar);
  if (cutoffAt !== undefined && now >= cutoffAt) {
    return { code: 'past-cutoff', cutoffAt: cutoffAt.toISOString(), nextOpening: nextDayOpening() };
  }
  if (
    estimatedWaitMinutes !== undefined &&
    now.getTime() + estimatedWaitMinutes * 60_000 > closesAt.getTime()
  ) {
    return {
      code: 'wait-runs-past-closing',
      estimatedWaitMinutes,
      closesAt: closesAt.toISOString(),
      nextOpening: nextDayOpening(),
    };
  }
  return undefined;
}

function openCounter(
  data: OpenCounter['data'],
  at: string,
  state: OfficeDayState,
  settings: OfficeDaySettings,
): OfficeDayDecision {
  if (state.counters[data.counter]) return refuse({ code: 'counter-already-open', counter: data.counter });
  const services = [...new Set(data.services)];
  if (services.length === 0) return refuse({ code: 'no-services', counter: data.counter });
  const unknown = services.find((code) => !findService(settings, code));
  if (unknown !== undefined) return refuse({ code: 'unknown-service', service: unknown });
  return accept({ type: 'CounterOpened', data: { counter: data.counter, services, openedAt: at } });
}

function callNext(
  counter: string,
  at: string,
  state: OfficeDayState,
  settings: OfficeDaySettings,
): OfficeDayDecision {
  const open = state.counters[counter];
  if (!open) return refuse({ code: 'counter-not-open', counter });
  const busyWith = ticketAtCounter(state, counter);
  if (busyWith) return refuseBusy(counter, busyWith);
  const next = nextTicketFor(state, open.services, settings.priorityCallsPerRegular);
  if (!next) return refuse({ code: 'no-ticket-waiting', counter });
  return accept({
    type: 'TicketCalled',
    data: { ticketNumber: next.ticketNumber, counter, callCount: 1, calledAt: at },
  });
}

function finishService(counter: string, now: Date, state: OfficeDayState): OfficeDayDecision {
  return withTicketAtCounter(state, counter, (ticket) => {
    if (ticket.serviceStartedAt === null) {
      return refuse({ code: 'service-not-started', ticketNumber: ticket.ticketNumber });
    }
    // Replicas' clocks may disagree by a little; a negative duration would poison the median.
    const serviceSeconds = Math.max(
      0,
      Math.round((now.getTime() - Date.parse(ticket.serviceStartedAt)) / 1000),
    );
    return accept({
      type: 'ServiceFinished',
      data: {
        ticketNumber: ticket.ticketNumber,
        counter,
        service: ticket.service,
        serviceSeconds,
        finishedAt: now.toISOString(),
      },
    });
  });
}

function transfer(
  data: Transfer['data'],
  at: string,
  state: OfficeDayState,
  settings: OfficeDaySettings,
): OfficeDayDecision {
  return withTicketAtCounter(state, data.counter, (ticket) => {
    if (!findService(settings, data.toService))
      return refuse({ code: 'unknown-service', service: data.toService });
    if (ticket.service === data.toService) {
      return refuse({ code: 'same-service', ticketNumber: ticket.ticketNumber, service: ticket.service });
    }
    return accept({
      type: 'TicketTransferred',
      data: {
        ticketNumber: ticket.ticketNumber,
        counter: data.counter,
        fromService: ticket.service,
        toService: data.toService,
        transferredAt: at,
      },
    });
  });
}

function findService(settings: OfficeDaySettings, code: string): ServiceDefinition | undefined {
  return settings.services.find((service) => service.code === code);
}

function refuseBusy(counter: string, ticket: OfficeDayTicket): OfficeDayDecision {
  return refuse({ code: 'counter-busy', counter, ticketNumber: ticket.ticketNumber });
}

function withTicketAtCounter(
  state: OfficeDayState,
  counter: string,
  decide: (ticket: OfficeDayTicket) => OfficeDayDecision,
): OfficeDayDecision {
  const ticket = ticketAtCounter(state, counter);
  return ticket ? decide(ticket) : refuse({ code: 'no-ticket-at-counter', counter });
}

/** Calling again, giving up on the resident and starting service only make sense before service starts. */
function withCalledTicket(
  state: OfficeDayState,
  counter: string,
  decide: (ticket: OfficeDayTicket) => OfficeDayDecision,
): OfficeDayDecision {
  return withTicketAtCounter(state, counter, (ticket) =>
    ticket.status === 'serving'
      ? refuse({ code: 'service-already-started', ticketNumber: ticket.ticketNumber })
      : decide(ticket),
  );
}
