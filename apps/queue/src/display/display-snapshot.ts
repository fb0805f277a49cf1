import {
  type CalendarDate,
  type ClockTime,
  type ClosedReason,
  type LocalizedText,
  type OfficeDayEvent,
  type OfficeDayState,
  openingHours,
} from '@madoguchi/domain';
import type { Office } from '../office/office';
import { lineViews, type LineView } from '../office/office-day.views';

/** A ticket called (or called again) to a counter: what the screen shows and chimes for. */
export interface CallView {
  ticketNumber: string;
  counter: string;
  callCount: number;
  calledAt: string;
  recall: boolean;
  /** The event's version in the day's stream. */
  version: number;
}

export type TodayView =
  | { open: true; opens: ClockTime; closes: ClockTime }
  | { open: false; reason: ClosedReason; holidayName?: string };

/**
 * What every screen of an office shows, kept in Redis so a screen that (re)connects gets it at once,
 * and rebuilt from the event store whenever it is missing. Ticket numbers and counters only.
 */
export interface DisplaySnapshot {
  officeId: string;
  officeName: LocalizedText;
  date: CalendarDate;
  /** The day's stream version it reflects; 0 before the first ticket. */
  version: number;
  today: TodayView;
  /** Newest first. */
  lastCalls: CallView[];
  lines: LineView[];
}

const LAST_CALLS = 10;

export function callOf(event: OfficeDayEvent, version: number): CallView | undefined {
  if (event.type === 'TicketCalled') {
    const { ticketNumber, counter, callCount, calledAt } = event.data;
    return { ticketNumber, counter, callCount, calledAt, recall: false, version };
  }
  if (event.type === 'TicketRecalled') {
    const { ticketNumber, counter, callCount, recalledAt } = event.data;
    return { ticketNumber, counter, callCount, calledAt: recalledAt, recall: true, version };
  }
  return undefined;
}

export function todayView(office: Office, date: CalendarDate): TodayView {
  const hours = openingHours(date, office.calendar);
  if (hours.open) return { open: true, opens: hours.opens, closes: hours.closes };
  return {
    open: false,
    reason: hours.reason,
    ...(hours.holidayName !== undefined && { holidayName: hours.holidayName }),
  };
}

export function displaySnapshot(
  office: Office,
  date: CalendarDate,
  history: readonly { event: OfficeDayEvent; version: number }[],
  state: OfficeDayState,
): DisplaySnapshot {
  const calls: CallView[] = [];
  for (let index = history.length - 1; index >= 0 && calls.length < LAST_CALLS; index--) {
    const entry = history[index];
    const call = entry && callOf(entry.event, entry.version);
    if (call) calls.push(call);
  }
  return {
    officeId: office.id,
    officeName: office.name,
    date,
    version: history.at(-1)?.version ?? 0,
    today: todayView(office, date),
    lastCalls: calls,
    lines: lineViews(office, state),
  };
}

/** The snapshot after `events`, from the one just before them: no need to read the stream again. */
export function advanceSnapshot(
  previous: DisplaySnapshot,
  office: Office,
  events: readonly { event: OfficeDayEvent; version: number }[],
  state: OfficeDayState,
): DisplaySnapshot {
  const calls = events.flatMap(({ event, version }) => callOf(event, version) ?? []).reverse();
  return {
    ...previous,
    version: events.at(-1)?.version ?? previous.version,
    lastCalls: [...calls, ...previous.lastCalls].slice(0, LAST_CALLS),
    lines: lineViews(office, state),
  };
}
