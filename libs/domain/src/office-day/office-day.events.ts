/**
 * The OfficeDay aggregate: one stream per office per calendar day, holding the day's tickets and counters.
 * Events carry ticket numbers and counter names only — never a name or anything else about the resident —
 * and instants as ISO strings (`Date.prototype.toISOString()`), so they survive JSON (jsonb, NATS) unchanged.
 */
import type { CalendarDate } from '../shared/calendar-date';
import { tokyoDateOf } from '../shared/calendar-date';
import { assertNever } from '../shared/decision';
import type { ApplicantType } from '../shared/procedures';
import { priorityStreakAfterCall } from './office-day.waiting-line';

export type TicketIssued = {
  type: 'TicketIssued';
  data: {
    ticketNumber: string;
    service: string;
    sequence: number;
    applicant: ApplicantType | null;
    priority: boolean;
    issuedAt: string;
  };
};

export type CounterOpened = {
  type: 'CounterOpened';
  data: { counter: string; services: string[]; openedAt: string };
};

export type CounterClosed = {
  type: 'CounterClosed';
  data: { counter: string; closedAt: string };
};

export type TicketCalled = {
  type: 'TicketCalled';
  data: { ticketNumber: string; counter: string; callCount: number; calledAt: string };
};

export type TicketRecalled = {
  type: 'TicketRecalled';
  data: { ticketNumber: string; counter: string; callCount: number; recalledAt: string };
};

export type TicketMarkedNoShow = {
  type: 'TicketMarkedNoShow';
  data: { ticketNumber: string; counter: string; callCount: number; markedAt: string };
};

export type ServiceStarted = {
  type: 'ServiceStarted';
  data: { ticketNumber: string; counter: string; startedAt: string };
};

export type ServiceFinished = {
  type: 'ServiceFinished';
  data: {
    ticketNumber: string;
    counter: string;
    service: string;
    serviceSeconds: number;
    finishedAt: string;
  };
};

export type TicketTransferred = {
  type: 'TicketTransferred';
  data: {
    ticketNumber: string;
    counter: string;
    fromService: string;
    toService: string;
    transferredAt: string;
  };
};

export type TicketHeld = {
  type: 'TicketHeld';
  data: { ticketNumber: string; counter: string; heldAt: string };
};

export type TicketReturned = {
  type: 'TicketReturned';
  data: { ticketNumber: string; returnedAt: string };
};

export type DayClosed = {
  type: 'DayClosed';
  data: { unserved: string[]; closedAt: string };
};

export type OfficeDayEvent =
  | TicketIssued
  | CounterOpened
  | CounterClosed
  | TicketCalled
  | TicketRecalled
  | TicketMarkedNoShow
  | ServiceStarted
  | ServiceFinished
  | TicketTransferred
  | TicketHeld
  | TicketReturned
  | DayClosed;

/** Bump a version when an event's data changes shape, so stored streams can be upcast. */
export const OFFICE_DAY_EVENT_SCHEMA_VERSIONS: { readonly [K in OfficeDayEvent['type']]: number } =
  Object.freeze({
    TicketIssued: 1,
    CounterOpened: 1,
    CounterClosed: 1,
    TicketCalled: 1,
    TicketRecalled: 1,
    TicketMarkedNoShow: 1,
    ServiceStarted: 1,
    ServiceFinished: 1,
    TicketTransferred: 1,
    TicketHeld: 1,
    TicketReturned: 1,
    DayClosed: 1,
  });

export const OFFICE_DAY_EVENT_TYPES = Object.freeze(
  Object.keys(OFFICE_DAY_EVENT_SCHEMA_VERSIONS) as OfficeDayEvent['type'][],
);

/**
 * `waiting` → `called` → `serving` → `finished`; a call may also end in `no-show`, and a called or
 * serving ticket may be `held` (the resident fetches a document) or transferred (waiting again).
 */
export type TicketStatus = 'waiting' | 'called' | 'serving' | 'held' | 'finished' | 'no-show';

export interface OfficeDayTicket {
  ticketNumber: string;
  /** The service whose line it is in now; a transfer changes it, the ticket number stays. */
  service: string;
  priority: boolean;
  applicant: ApplicantType | null;
  issuedAt: string;
  status: TicketStatus;
  /** Where it is called or served; null otherwise. */
  counter: string | null;
  /** Calls in the current wait (1 after TicketCalled, more after recalls). */
  callCount: number;
  serviceStartedAt: string | null;
}

export interface OfficeDayState {
  /** Learned from the first event: every later command must fall on the same Tokyo day. */
  day: CalendarDate | null;
  closed: boolean;
  /** In issue order, which is every ticket's place in its line, whatever happens to it later. */
  tickets: readonly OfficeDayTicket[];
  lastSequence: Readonly<Record<string, number>>;
  /** Open counters and the services each one serves. */
  counters: Readonly<Record<string, { services: readonly string[] }>>;
  /** Per service: priority tickets called in a row while a regular ticket of that line waited. */
  priorityStreaks: Readonly<Record<string, number>>;
  /** Per service: the day's finished service times, for waiting-time estimates. */
  serviceSeconds: Readonly<Record<string, readonly number[]>>;
}

export function initialOfficeDayState(): OfficeDayState {
  return {
    day: null,
    closed: false,
    tickets: [],
    lastSequence: {},
    counters: {},
    priorityStreaks: {},
    serviceSeconds: {},
  };
}

export function evolveOfficeDay(state: OfficeDayState, event: OfficeDayEvent): OfficeDayState {
  const dated: OfficeDayState =
    state.day === null ? { ...state, day: tokyoDateOf(new Date(occurredAt(event))) } : state;
  const { type, data } = event;
  switch (type) {
    case 'TicketIssued':
      return {
        ...dated,
        lastSequence: { ...dated.lastSequence, [data.service]: data.sequence },
        tickets: [
          ...dated.tickets,
          {
            ticketNumber: data.ticketNumber,
            service: data.service,
            priority: data.priority,
            applicant: data.applicant,
            issuedAt: data.issuedAt,
            status: 'waiting',
            counter: null,
            callCount: 0,
            serviceStartedAt: null,
          },
        ],
      };
    case 'CounterOpened':
      return { ...dated, counters: { ...dated.counters, [data.counter]: { services: data.services } } };
    case 'CounterClosed': {
      const { [data.counter]: _closed, ...stillOpen } = dated.counters;
      return { ...dated, counters: stillOpen };
    }
    case 'TicketCalled': {
      const called = dated.tickets.find((ticket) => ticket.ticketNumber === data.ticketNumber);
      const streaks = called
        ? {
            ...dated.priorityStreaks,
            [called.service]: priorityStreakAfterCall(dated, called),
          }
        : dated.priorityStreaks;
      return {
        ...updateTicket(dated, data.ticketNumber, {
          status: 'called',
          counter: data.counter,
          callCount: data.callCount,
        }),
        priorityStreaks: streaks,
      };
    }
    case 'TicketRecalled':
      return updateTicket(dated, data.ticketNumber, { callCount: data.callCount });
    case 'TicketMarkedNoShow':
      return updateTicket(dated, data.ticketNumber, { status: 'no-show', counter: null });
    case 'ServiceStarted':
      return updateTicket(dated, data.ticketNumber, { status: 'serving', serviceStartedAt: data.startedAt });
    case 'ServiceFinished':
      return {
        ...updateTicket(dated, data.ticketNumber, { status: 'finished', counter: null }),
        serviceSeconds: {
          ...dated.serviceSeconds,
          [data.service]: [...(dated.serviceSeconds[data.service] ?? []), data.serviceSeconds],
        },
      };
    case 'TicketTransferred':
      return updateTicket(dated, data.ticketNumber, {
        service: data.toService,
        ...BACK_IN_LINE,
      });
    case 'TicketHeld':
      return updateTicket(dated, data.ticketNumber, { status: 'held', counter: null });
    case 'TicketReturned':
      return updateTicket(dated, data.ticketNumber, BACK_IN_LINE);
    case 'DayClosed':
      return { ...dated, closed: true };
    default:
      return assertNever(type);
  }
}

/** A ticket waiting again starts a new wait: no calls yet, no service begun. */
const BACK_IN_LINE = {
  status: 'waiting',
  counter: null,
  callCount: 0,
  serviceStartedAt: null,
} as const satisfies Partial<OfficeDayTicket>;

function updateTicket(
  state: OfficeDayState,
  ticketNumber: string,
  changes: Partial<OfficeDayTicket>,
): OfficeDayState {
  return {
    ...state,
    tickets: state.tickets.map((ticket) =>
      ticket.ticketNumber === ticketNumber ? { ...ticket, ...changes } : ticket,
    ),
  };
}

/** When an event happened, whatever its type. */
export function occurredAt(event: OfficeDayEvent): string {
  switch (event.type) {
    case 'TicketIssued':
      return event.data.issuedAt;
    case 'CounterOpened':
      return event.data.openedAt;
    case 'CounterClosed':
    case 'DayClosed':
      return event.data.closedAt;
    case 'TicketCalled':
      return event.data.calledAt;
    case 'TicketRecalled':
      return event.data.recalledAt;
    case 'TicketMarkedNoShow':
      return event.data.markedAt;
    case 'ServiceStarted':
      return event.data.startedAt;
    case 'ServiceFinished':
      return event.data.finishedAt;
    case 'TicketTransferred':
      return event.data.transferredAt;
    case 'TicketHeld':
      return event.data.heldAt;
    case 'TicketReturned':
      return event.data.returnedAt;
    default:
      return assertNever(event);
  }
}
