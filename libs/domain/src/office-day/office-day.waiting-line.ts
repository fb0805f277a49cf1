/**
 * Reading the day's lines: who waits, in which order they will be called, and how long that may take.
 * `decideOfficeDay` picks the next ticket with the same rule, so what a screen shows is what happens.
 */
import type { OfficeDayState, OfficeDayTicket } from './office-day.events';
import { DEFAULT_OFFICE_DAY_SETTINGS } from './office-day.settings';

/** Used until the day has a finished service to measure. */
export const DEFAULT_SERVICE_MINUTES = 10;

/** Waiting tickets in issue order (their places), of one service or of all. */
export function waitingTickets(state: OfficeDayState, service?: string): OfficeDayTicket[] {
  return state.tickets.filter(
    (ticket) => ticket.status === 'waiting' && (service === undefined || ticket.service === service),
  );
}

/** The ticket called to or being served at a counter, if any. */
export function ticketAtCounter(state: OfficeDayState, counter: string): OfficeDayTicket | undefined {
  return state.tickets.find(
    (ticket) => ticket.counter === counter && (ticket.status === 'called' || ticket.status === 'serving'),
  );
}

/** Open counters serving a service. */
export function countersServing(state: OfficeDayState, service: string): string[] {
  return Object.entries(state.counters)
    .filter(([, counter]) => counter.services.includes(service))
    .map(([name]) => name);
}

/**
 * The ticket a counter serving `services` calls next: issue order, priority tickets first, except that
 * once `priorityCallsPerRegular` priority tickets in a row have passed a line's waiting regular tickets,
 * the earliest of those regular tickets goes first. With 0, priority is ignored.
 */
export function nextTicketFor(
  state: OfficeDayState,
  services: readonly string[],
  priorityCallsPerRegular: number,
): OfficeDayTicket | undefined {
  const candidates = state.tickets.filter(
    (ticket) => ticket.status === 'waiting' && services.includes(ticket.service),
  );
  if (priorityCallsPerRegular <= 0) return candidates[0];
  const owed = candidates.find(
    (ticket) => !ticket.priority && (state.priorityStreaks[ticket.service] ?? 0) >= priorityCallsPerRegular,
  );
  return owed ?? candidates.find((ticket) => ticket.priority) ?? candidates[0];
}

/**
 * The streak of the called ticket's line once it is called. A priority call counts only when a regular
 * ticket of the same line is left waiting: nobody is passed over otherwise.
 */
export function priorityStreakAfterCall(state: OfficeDayState, called: OfficeDayTicket): number {
  if (!called.priority) return 0;
  const regularLeftWaiting = state.tickets.some(
    (ticket) =>
      ticket.ticketNumber !== called.ticketNumber &&
      ticket.status === 'waiting' &&
      ticket.service === called.service &&
      !ticket.priority,
  );
  return regularLeftWaiting ? (state.priorityStreaks[called.service] ?? 0) + 1 : 0;
}

/**
 * The order in which a service's waiting tickets will be called if nothing else happens: `nextTicketFor`
 * applied again and again, computed in one pass because the kiosk asks for it on every ticket.
 */
export function waitingLine(
  state: OfficeDayState,
  service: string,
  priorityCallsPerRegular: number = DEFAULT_OFFICE_DAY_SETTINGS.priorityCallsPerRegular,
): OfficeDayTicket[] {
  const waiting = waitingTickets(state, service);
  if (priorityCallsPerRegular <= 0) return waiting;
  const priority = waiting.filter((ticket) => ticket.priority);
  const regular = waiting.filter((ticket) => !ticket.priority);
  const line: OfficeDayTicket[] = [];
  let streak = state.priorityStreaks[service] ?? 0;
  let p = 0;
  let r = 0;
  while (p < priority.length || r < regular.length) {
    const regularWaits = r < regular.length;
    const nextPriority = priority[p];
    if (nextPriority && !(regularWaits && streak >= priorityCallsPerRegular)) {
      line.push(nextPriority);
      p += 1;
      streak = regularWaits ? streak + 1 : 0;
    } else {
      line.push(regular[r] as OfficeDayTicket);
      r += 1;
      streak = 0;
    }
  }
  return line;
}

/**
 * 1 for the ticket called next in its line, 2 for the one after, …; undefined when it is not waiting.
 * Priority and fairness are taken into account, so a priority ticket may be ahead of older tickets.
 */
export function ticketPosition(
  state: OfficeDayState,
  ticketNumber: string,
  priorityCallsPerRegular: number = DEFAULT_OFFICE_DAY_SETTINGS.priorityCallsPerRegular,
): number | undefined {
  const ticket = state.tickets.find((candidate) => candidate.ticketNumber === ticketNumber);
  if (!ticket || ticket.status !== 'waiting') return undefined;
  return waitingLine(state, ticket.service, priorityCallsPerRegular).indexOf(ticket) + 1;
}

/** Median of the day's finished service times for a service; undefined before the first one. */
export function medianServiceSeconds(state: OfficeDayState, service: string): number | undefined {
  const seconds = [...(state.serviceSeconds[service] ?? [])].sort((a, b) => a - b);
  const middle = Math.floor(seconds.length / 2);
  const upper = seconds[middle];
  if (upper === undefined) return undefined;
  const lower = seconds.length % 2 === 1 ? upper : (seconds[middle - 1] ?? upper);
  return (lower + upper) / 2;
}

/**
 * Minutes until the ticket at `position` is called: the median service time × position ÷ the counters
 * serving the line. The median resists the one resident whose case took an hour. With no counter open yet
 * (kiosks issue before clerks sit down) one counter is assumed rather than an endless wait.
 */
export function estimatedWaitMinutes(
  state: OfficeDayState,
  service: string,
  position: number,
  openCounters: number = countersServing(state, service).length,
  defaultServiceMinutes: number = DEFAULT_SERVICE_MINUTES,
): number {
  const serviceMinutes = (medianServiceSeconds(state, service) ?? defaultServiceMinutes * 60) / 60;
  return Math.ceil((serviceMinutes * position) / Math.max(1, openCounters));
}
