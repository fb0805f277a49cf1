/**
 * Test data only (not exported from the package): builders for OfficeDay commands and events, so each
 * spec reads as the story it tells. The day is Tuesday 2026-12-01, an ordinary weekday (08:30–17:15).
 */
import type { Actor } from '../shared/decision';
import type { ApplicantType } from '../shared/procedures';
import type { OfficeDayCommand } from './office-day.commands';
import { evolveOfficeDay, initialOfficeDayState } from './office-day.events';
import type { OfficeDayEvent, OfficeDayState } from './office-day.events';

export const DAY = '2026-12-01';

/** The instant the Tokyo wall clock shows `time` (HH:MM or HH:MM:SS) on `day`. */
export function at(time: string, day: string = DAY): Date {
  return new Date(`${day}T${time.length === 5 ? `${time}:00` : time}+09:00`);
}

export function iso(time: string, day: string = DAY): string {
  return at(time, day).toISOString();
}

export function stateAfter(events: readonly OfficeDayEvent[]): OfficeDayState {
  return events.reduce(evolveOfficeDay, initialOfficeDayState());
}

const KIOSK: Actor = { kind: 'kiosk', id: 'kiosk-1' };
const CLERK: Actor = { kind: 'clerk', id: 'clerk-1' };

type CommandOf<T extends OfficeDayCommand['type']> = Extract<OfficeDayCommand, { type: T }>;

function command<T extends OfficeDayCommand['type']>(
  type: T,
  data: CommandOf<T>['data'],
  now: Date,
  actor: Actor = CLERK,
): CommandOf<T> {
  return { type, data, metadata: { now, actor } } as CommandOf<T>;
}

export const when = {
  issueTicket: (data: CommandOf<'IssueTicket'>['data'], now = at('09:00')) =>
    command('IssueTicket', data, now, KIOSK),
  openCounter: (counter: string, services: string[], now = at('09:00')) =>
    command('OpenCounter', { counter, services }, now),
  closeCounter: (counter: string, now = at('09:00')) => command('CloseCounter', { counter }, now),
  callNext: (counter: string, now = at('09:00')) => command('CallNext', { counter }, now),
  recall: (counter: string, now = at('09:00')) => command('Recall', { counter }, now),
  noShow: (counter: string, now = at('09:00')) => command('NoShow', { counter }, now),
  startService: (counter: string, now = at('09:00')) => command('StartService', { counter }, now),
  finishService: (counter: string, now = at('09:00')) => command('FinishService', { counter }, now),
  transfer: (counter: string, toService: string, now = at('09:00')) =>
    command('Transfer', { counter, toService }, now),
  hold: (counter: string, now = at('09:00')) => command('Hold', { counter }, now),
  returnFromHold: (ticketNumber: string, now = at('09:00')) =>
    command('ReturnFromHold', { ticketNumber }, now),
  closeDay: (now = at('17:30')) => command('CloseDay', {}, now),
};

const SERVICE_BY_PREFIX: Readonly<Record<string, string>> = {
  R: 'pin-reset',
  C: 'pin-change',
  G: 'general-enquiry',
};

export const happened = {
  ticketIssued: (
    ticketNumber: string,
    options: { priority?: boolean; applicant?: ApplicantType | null; time?: string } = {},
  ): OfficeDayEvent => {
    const service = SERVICE_BY_PREFIX[ticketNumber.charAt(0)] ?? 'unknown';
    return {
      type: 'TicketIssued',
      data: {
        ticketNumber,
        service,
        sequence: Number(ticketNumber.slice(1)),
        applicant:
          options.applicant !== undefined ? options.applicant : service === 'general-enquiry' ? null : 'self',
        priority: options.priority ?? false,
        issuedAt: iso(options.time ?? '08:45'),
      },
    };
  },
  counterOpened: (counter: string, services: string[], time = '08:30'): OfficeDayEvent => ({
    type: 'CounterOpened',
    data: { counter, services, openedAt: iso(time) },
  }),
  counterClosed: (counter: string, time = '09:00'): OfficeDayEvent => ({
    type: 'CounterClosed',
    data: { counter, closedAt: iso(time) },
  }),
  ticketCalled: (ticketNumber: string, counter: string, time = '09:00'): OfficeDayEvent => ({
    type: 'TicketCalled',
    data: { ticketNumber, counter, callCount: 1, calledAt: iso(time) },
  }),
  ticketRecalled: (
    ticketNumber: string,
    counter: string,
    callCount: number,
    time = '09:00',
  ): OfficeDayEvent => ({
    type: 'TicketRecalled',
    data: { ticketNumber, counter, callCount, recalledAt: iso(time) },
  }),
  ticketMarkedNoShow: (
    ticketNumber: string,
    counter: string,
    callCount: number,
    time = '09:00',
  ): OfficeDayEvent => ({
    type: 'TicketMarkedNoShow',
    data: { ticketNumber, counter, callCount, markedAt: iso(time) },
  }),
  serviceStarted: (ticketNumber: string, counter: string, time = '09:00'): OfficeDayEvent => ({
    type: 'ServiceStarted',
    data: { ticketNumber, counter, startedAt: iso(time) },
  }),
  serviceFinished: (
    ticketNumber: string,
    counter: string,
    service: string,
    serviceSeconds: number,
    time = '09:00',
  ): OfficeDayEvent => ({
    type: 'ServiceFinished',
    data: { ticketNumber, counter, service, serviceSeconds, finishedAt: iso(time) },
  }),
  ticketTransferred: (
    ticketNumber: string,
    counter: string,
    fromService: string,
    toService: string,
    time = '09:00',
  ): OfficeDayEvent => ({
    type: 'TicketTransferred',
    data: { ticketNumber, counter, fromService, toService, transferredAt: iso(time) },
  }),
  ticketHeld: (ticketNumber: string, counter: string, time = '09:00'): OfficeDayEvent => ({
    type: 'TicketHeld',
    data: { ticketNumber, counter, heldAt: iso(time) },
  }),
  ticketReturned: (ticketNumber: string, time = '09:00'): OfficeDayEvent => ({
    type: 'TicketReturned',
    data: { ticketNumber, returnedAt: iso(time) },
  }),
  dayClosed: (unserved: string[], time = '17:30', day = DAY): OfficeDayEvent => ({
    type: 'DayClosed',
    data: { unserved, closedAt: iso(time, day) },
  }),
};
