import {
  type ApplicantType,
  type CalendarDate,
  estimatedWaitMinutes,
  type OfficeDayState,
  type OfficeDayTicket,
  type RequirementItem,
  ticketPosition,
  type TicketStatus,
  whatToBring,
} from '@madoguchi/domain';
import { type Office, serviceOf } from '../office/office';

export interface IssuedTicketView {
  officeId: string;
  date: CalendarDate;
  ticketNumber: string;
  service: string;
  applicant: ApplicantType | null;
  priority: boolean;
  issuedAt: string;
  /** 1 when called next in its line. */
  position: number;
  estimatedWaitMinutes: number;
  /** Items to bring for the first visit; empty for services that are not PIN procedures. */
  whatToBring: RequirementItem[];
  /** Where the resident follows the ticket: position, wait, and the counter once called. */
  statusUrl: string;
}

/** What anyone holding the number may see: nothing about the resident (not even priority). */
export interface TicketStatusView {
  officeId: string;
  date: CalendarDate;
  ticketNumber: string;
  service: string;
  status: TicketStatus;
  position: number | null;
  estimatedWaitMinutes: number | null;
  called: boolean;
  counter: string | null;
}

export function statusUrlOf(officeId: string, date: CalendarDate, ticketNumber: string): string {
  return `/tickets/${officeId}/${date}/${ticketNumber}`;
}

export function waitOf(
  office: Office,
  state: OfficeDayState,
  ticket: OfficeDayTicket,
): { position: number; estimatedWaitMinutes: number } | undefined {
  const position = ticketPosition(state, ticket.ticketNumber, office.officeDay.priorityCallsPerRegular);
  if (position === undefined) return undefined;
  return {
    position,
    estimatedWaitMinutes: estimatedWaitMinutes(
      state,
      ticket.service,
      position,
      undefined,
      office.defaultServiceMinutes,
    ),
  };
}

export function issuedTicketView(
  office: Office,
  date: CalendarDate,
  state: OfficeDayState,
  ticket: OfficeDayTicket,
): IssuedTicketView {
  const procedure = serviceOf(office, ticket.service)?.procedure;
  const wait = waitOf(office, state, ticket);
  return {
    officeId: office.id,
    date,
    ticketNumber: ticket.ticketNumber,
    service: ticket.service,
    applicant: ticket.applicant,
    priority: ticket.priority,
    issuedAt: ticket.issuedAt,
    position: wait?.position ?? 1,
    estimatedWaitMinutes: wait?.estimatedWaitMinutes ?? 0,
    whatToBring:
      procedure !== undefined && ticket.applicant !== null
        ? whatToBring(procedure, ticket.applicant, 1, office.requirements)
        : [],
    statusUrl: statusUrlOf(office.id, date, ticket.ticketNumber),
  };
}

export function ticketStatusView(
  office: Office,
  date: CalendarDate,
  state: OfficeDayState,
  ticket: OfficeDayTicket,
): TicketStatusView {
  const wait = waitOf(office, state, ticket);
  const called = ticket.status === 'called' || ticket.status === 'serving';
  return {
    officeId: office.id,
    date,
    ticketNumber: ticket.ticketNumber,
    service: ticket.service,
    status: ticket.status,
    position: wait?.position ?? null,
    estimatedWaitMinutes: wait?.estimatedWaitMinutes ?? null,
    called,
    counter: called ? ticket.counter : null,
  };
}
