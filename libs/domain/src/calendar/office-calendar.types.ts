import type { CalendarDate, ClockTime, Weekday } from '../shared/calendar-date';

/** Opening and closing time of one day, Asia/Tokyo wall clock; `closes` is exclusive. */
export interface DailyHours {
  opens: ClockTime;
  closes: ClockTime;
}

/**
 * An office's calendar as configuration (domain.md §4). Everything a city might change is here,
 * not in code: weekly hours, the year-end break, one-off closures and special open days, corrections
 * to the national holiday table (equinox days are projections until the February announcement),
 * and the ticket cut-off.
 */
export interface OfficeCalendar {
  /** Hours per weekday; `null` closes that weekday. */
  weekly: Readonly<Record<Weekday, DailyHours | null>>;
  /** Closed December 29 – January 3. */
  yearEndHolidays: boolean;
  /** One-off closures (J-LIS maintenance, building work). */
  closedDays: readonly { date: CalendarDate; reason: string }[];
  /** One-off openings (e.g. a Sunday counter during a rush); they win over every closure. */
  specialOpenDays: readonly { date: CalendarDate; hours: DailyHours; reason: string }[];
  /** Corrections to the national holiday table: substitute and citizens' holidays are re-derived from them. */
  holidayOverrides: {
    add: readonly { date: CalendarDate; name: string }[];
    remove: readonly CalendarDate[];
  };
  /** Stop issuing tickets this many minutes before closing. */
  ticketCutoffMinutes: number;
}
