import type { CalendarDate, OfficeDayState, OfficeDayTicket, TicketStatus } from '@madoguchi/domain';
import { ticketAtCounter } from '@madoguchi/domain';
import type { Office } from '../office/office';
import { clerkLineView, lineViews, type LineView } from '../office/office-day.views';
import { waitOf } from '../tickets/ticket.views';

export interface ClerkTicketView {
  ticketNumber: string;
  service: string;
  status: TicketStatus;
  counter: string | null;
  callCount: number;
  priority: boolean;
  applicant: OfficeDayTicket['applicant'];
  position: number | null;
  estimatedWaitMinutes: number | null;
}

export interface CounterView {
  id: string;
  open: boolean;
  services: string[];
  ticket: ClerkTicketView | null;
}

export interface CounterCommandView {
  officeId: string;
  date: CalendarDate;
  version: number;
  /** Null after returning a held ticket, which happens at no counter. */
  counter: CounterView | null;
  /** The ticket the command acted on (called, recalled, transferred, …), as it is now. */
  ticket: ClerkTicketView | null;
  lines: LineView[];
}

export function clerkTicketView(
  office: Office,
  state: OfficeDayState,
  ticket: OfficeDayTicket,
): ClerkTicketView {
  const wait = waitOf(office, state, ticket);
  return {
    ticketNumber: ticket.ticketNumber,
    service: ticket.service,
    status: ticket.status,
    counter: ticket.counter,
    callCount: ticket.callCount,
    priority: ticket.priority,
    applicant: ticket.applicant,
    position: wait?.position ?? null,
    estimatedWaitMinutes: wait?.estimatedWaitMinutes ?? null,
  };
}

export function counterView(office: Office, state: OfficeDayState, counterId: string): CounterView {
  const open = state.counters[counterId];
  const ticket = ticketAtCounter(state, counterId);
  return {
    id: counterId,
    open: open !== undefined,
    services: open ? [...open.services] : [],
    ticket: ticket ? clerkTicketView(office, state, ticket) : null,
  };
}

export function counterCommandView(
  office: Office,
  date: CalendarDate,
  version: number,
  state: OfficeDayState,
  counterId: string | undefined,
  ticketNumber: string | undefined,
): CounterCommandView {
  const ticket = state.tickets.find((candidate) => candidate.ticketNumber === ticketNumber);
  const counter = counterId ?? ticket?.counter ?? undefined;
  return {
    officeId: office.id,
    date,
    version,
    counter: counter === undefined ? null : counterView(office, state, counter),
    ticket: ticket ? clerkTicketView(office, state, ticket) : null,
    lines: lineViews(office, state),
  };
}

/** The clerk workstation's picture of the day: every configured counter and every line. */
export function officeFloorView(office: Office, date: CalendarDate, version: number, state: OfficeDayState) {
  return {
    officeId: office.id,
    date,
    version,
    counters: office.counters.map((counter) => ({
      name: counter.name,
      ...counterView(office, state, counter.id),
    })),
    lines: lineViews(office, state).map((line) => ({
      ...line,
      ...clerkLineView(office, state, line.service),
    })),
  };
}
