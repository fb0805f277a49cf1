/**
 * What an office may change about a PIN case without touching code (domain.md §2: the letter deadline
 * and its move to an open day are settings; the "what to bring" table is data).
 */
import { ATSUGI_CALENDAR, nextOpenDay } from '../calendar';
import type { OfficeCalendar } from '../calendar/office-calendar.types';
import { DEFAULT_REQUIREMENTS, type RequirementsTable } from '../requirements';
import { addDays, type CalendarDate } from '../shared/calendar-date';
import { DomainInputError } from '../shared/domain-input-error';

export interface CaseSettings {
  calendar: OfficeCalendar;
  requirements: RequirementsTable;
  /** Days the holder has to return the inquiry letter, counted from the day after the application. */
  letterDeadlineDays: number;
  /** When the deadline falls on a closed day, the proxy may still come on the next open day. */
  letterDeadlineMovesToOpenDay: boolean;
}

export const DEFAULT_CASE_SETTINGS: Readonly<CaseSettings> = Object.freeze({
  calendar: ATSUGI_CALENDAR,
  requirements: DEFAULT_REQUIREMENTS,
  letterDeadlineDays: 30,
  letterDeadlineMovesToOpenDay: true,
});

/**
 * The last day on which a proxy may bring back the inquiry letter. Day 1 is the day after the
 * application, so with 30 days an application on 2026-12-01 runs until 2026-12-31 (then, that day being
 * in the year-end break, until the next open day).
 */
export function inquiryLetterDeadline(appliedOn: CalendarDate, settings: CaseSettings): CalendarDate {
  const days = settings.letterDeadlineDays;
  if (!Number.isInteger(days) || days < 1) {
    // A bad setting is a deployment mistake, not a refusal the counter could act on.
    throw new DomainInputError(
      'invalid-office-configuration',
      'letterDeadlineDays',
      'letterDeadlineDays must be a positive whole number',
    );
  }
  const deadline = addDays(appliedOn, days);
  // nextOpenDay answers the day itself when it is open.
  return settings.letterDeadlineMovesToOpenDay ? nextOpenDay(deadline, settings.calendar) : deadline;
}
