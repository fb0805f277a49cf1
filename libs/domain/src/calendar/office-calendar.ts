/**
 * When the counter is open (domain.md §4, §5). Every answer is computed on the Asia/Tokyo calendar from
 * the office's configuration and the national holiday table; nothing reads a clock or the process's TZ.
 */
import {
  addDays,
  assertCalendarDate,
  assertInstant,
  isCalendarDate,
  isClockTime,
  minutesOfDay,
  tokyoDateOf,
  tokyoInstant,
  weekdayOf,
  WEEKDAYS,
  type CalendarDate,
  type ClockTime,
  type Weekday,
} from '../shared/calendar-date';
import { DomainInputError } from '../shared/domain-input-error';
import { nationalHoliday } from './national-holidays';
import type { DailyHours, OfficeCalendar } from './office-calendar.types';

export type ClosedReason = 'sunday' | 'national-holiday' | 'year-end-holidays' | 'office-closure';

export type OpeningHours =
  | { open: true; opens: ClockTime; closes: ClockTime }
  | { open: false; reason: ClosedReason; holidayName?: string };

const WEEKDAY_HOURS: DailyHours = Object.freeze({ opens: '08:30', closes: '17:15' });

/** The Atsugi 市民課 counter: the default for every function here. */
export const ATSUGI_CALENDAR: OfficeCalendar = Object.freeze({
  weekly: Object.freeze({
    sun: null,
    mon: WEEKDAY_HOURS,
    tue: WEEKDAY_HOURS,
    wed: WEEKDAY_HOURS,
    thu: WEEKDAY_HOURS,
    fri: WEEKDAY_HOURS,
    sat: Object.freeze({ opens: '08:30', closes: '12:00' }),
  }),
  yearEndHolidays: true,
  closedDays: Object.freeze([]),
  specialOpenDays: Object.freeze([]),
  holidayOverrides: Object.freeze({ add: Object.freeze([]), remove: Object.freeze([]) }),
  ticketCutoffMinutes: 15,
});

/**
 * Longer than any run of closed days a sane configuration produces (the year-end break plus a holiday
 * week is under two weeks), yet it still ends the search when a configuration closes every day.
 */
const SEARCH_HORIZON_DAYS = 800;

function isYearEndBreak(date: CalendarDate): boolean {
  const monthDay = date.slice(5);
  return monthDay >= '12-29' || monthDay <= '01-03';
}

function openWith(hours: DailyHours): OpeningHours {
  return { open: true, opens: hours.opens, closes: hours.closes };
}

/** The counter's hours on a Japanese calendar day, or why it is closed. */
export function openingHours(date: CalendarDate, office: OfficeCalendar = ATSUGI_CALENDAR): OpeningHours {
  assertCalendarDate(date, 'date');

  // A special opening is decided on purpose for that very day, so it beats every rule below.
  const special = office.specialOpenDays.find((day) => day.date === date);
  if (special) return openWith(special.hours);
  if (office.closedDays.some((day) => day.date === date)) return { open: false, reason: 'office-closure' };

  const holiday = nationalHoliday(date, office.holidayOverrides);
  if (office.yearEndHolidays && isYearEndBreak(date)) {
    return holiday
      ? { open: false, reason: 'year-end-holidays', holidayName: holiday.name }
      : { open: false, reason: 'year-end-holidays' };
  }
  // Reported even on a Sunday or Saturday: "closed for 天皇誕生日" is what the kiosk should say.
  if (holiday) return { open: false, reason: 'national-holiday', holidayName: holiday.name };

  const weekday = weekdayOf(date);
  const hours = office.weekly[weekday];
  if (hours) return openWith(hours);
  return { open: false, reason: weekday === 'sun' ? 'sunday' : 'office-closure' };
}

/** True when the counter is open at `instant`: opens <= Tokyo wall clock < closes. */
export function isOpenAt(instant: Date, office: OfficeCalendar = ATSUGI_CALENDAR): boolean {
  assertInstant(instant, 'instant');
  const date = tokyoDateOf(instant);
  const hours = openingHours(date, office);
  if (!hours.open) return false;
  const time = instant.getTime();
  return (
    tokyoInstant(date, hours.opens).getTime() <= time && time < tokyoInstant(date, hours.closes).getTime()
  );
}

/** `instant` itself when the counter is open then; otherwise the next time it opens. */
export function nextOpening(instant: Date, office: OfficeCalendar = ATSUGI_CALENDAR): Date {
  assertInstant(instant, 'instant');
  const today = tokyoDateOf(instant);
  const hoursToday = openingHours(today, office);
  if (hoursToday.open) {
    const opens = tokyoInstant(today, hoursToday.opens);
    if (instant.getTime() < opens.getTime()) return opens;
    if (instant.getTime() < tokyoInstant(today, hoursToday.closes).getTime()) return instant;
  }
  const day = nextOpenDayAfter(today, 1, office);
  return tokyoInstant(day.date, day.hours.opens);
}

/** The first open calendar day on or after `date`, e.g. where a deadline falling on a closed day moves to. */
export function nextOpenDay(date: CalendarDate, office: OfficeCalendar = ATSUGI_CALENDAR): CalendarDate {
  assertCalendarDate(date, 'date');
  return nextOpenDayAfter(date, 0, office).date;
}

function nextOpenDayAfter(
  from: CalendarDate,
  firstOffset: number,
  office: OfficeCalendar,
): { date: CalendarDate; hours: DailyHours } {
  for (let offset = firstOffset; offset <= SEARCH_HORIZON_DAYS; offset += 1) {
    const date = addDays(from, offset);
    const hours = openingHours(date, office);
    if (hours.open) return { date, hours };
  }
  throw new DomainInputError(
    'invalid-office-configuration',
    'office',
    `the office never opens within ${SEARCH_HORIZON_DAYS} days`,
  );
}

/**
 * The instant after which no more tickets are issued on `date` (closing time minus the office's
 * cut-off), or `undefined` when the counter is closed that day. Never earlier than the opening, so a
 * cut-off longer than a short Saturday means "no tickets", not a time before the doors open.
 */
export function ticketingCutoff(
  date: CalendarDate,
  office: OfficeCalendar = ATSUGI_CALENDAR,
): Date | undefined {
  const hours = openingHours(date, office);
  if (!hours.open) return undefined;
  const opens = tokyoInstant(date, hours.opens).getTime();
  const cutoff = tokyoInstant(date, hours.closes).getTime() - office.ticketCutoffMinutes * 60_000;
  return new Date(Math.max(opens, cutoff));
}

export type OfficeCalendarValidation =
  { ok: true; calendar: OfficeCalendar } | { ok: false; errors: string[] };

const MAX_TICKET_CUTOFF_MINUTES = 240;
const CALENDAR_FIELDS = new Set<string>([
  'weekly',
  'yearEndHolidays',
  'closedDays',
  'specialOpenDays',
  'holidayOverrides',
  'ticketCutoffMinutes',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkHours(value: unknown, path: string, errors: string[]): DailyHours | undefined {
  if (!isRecord(value)) {
    errors.push(`${path} must be { opens, closes }`);
    return undefined;
  }
  const { opens, closes } = value;
  let valid = true;
  if (!isClockTime(opens)) {
    errors.push(`${path}.opens must be HH:MM`);
    valid = false;
  }
  if (!isClockTime(closes)) {
    errors.push(`${path}.closes must be HH:MM`);
    valid = false;
  }
  if (!valid) return undefined;
  const hours = { opens: opens as ClockTime, closes: closes as ClockTime };
  if (minutesOfDay(hours.opens) >= minutesOfDay(hours.closes)) {
    errors.push(`${path}.opens must be before ${path}.closes`);
    return undefined;
  }
  return hours;
}

function checkDate(value: unknown, path: string, errors: string[]): value is CalendarDate {
  if (isCalendarDate(value)) return true;
  errors.push(`${path} must be a calendar day written YYYY-MM-DD`);
  return false;
}

function checkText(value: unknown, path: string, errors: string[]): value is string {
  if (typeof value === 'string' && value.trim() !== '') return true;
  errors.push(`${path} must be a non-empty string`);
  return false;
}

function checkArray(value: unknown, path: string, errors: string[]): readonly unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  errors.push(`${path} must be an array`);
  return [];
}

function checkWeekly(value: unknown, errors: string[]): Record<Weekday, DailyHours | null> | undefined {
  if (!isRecord(value)) {
    errors.push('weekly must be an object with sun … sat');
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) errors.push(`weekly.${key} is not a weekday`);
  }
  const weekly: Partial<Record<Weekday, DailyHours | null>> = {};
  for (const weekday of WEEKDAYS) {
    const hours = value[weekday];
    if (hours === null) weekly[weekday] = null;
    else if (hours === undefined) errors.push(`weekly.${weekday} must be hours or null`);
    else weekly[weekday] = checkHours(hours, `weekly.${weekday}`, errors);
  }
  if (WEEKDAYS.every((weekday) => weekly[weekday] === null)) {
    errors.push('weekly must open on at least one weekday');
  }
  return weekly as Record<Weekday, DailyHours | null>;
}

function checkDuplicates(dates: readonly CalendarDate[], path: string, errors: string[]): void {
  const seen = new Set<CalendarDate>();
  for (const date of dates) {
    if (seen.has(date)) errors.push(`${path} lists ${date} twice`);
    seen.add(date);
  }
}

/**
 * Checks an office calendar read from configuration, reporting every problem at once so whoever edits
 * the file can fix it in one pass. On success the calendar is a fresh copy holding only known fields.
 */
export function validateOfficeCalendar(input: unknown): OfficeCalendarValidation {
  const errors: string[] = [];
  if (!isRecord(input)) return { ok: false, errors: ['the office calendar must be an object'] };
  for (const key of Object.keys(input)) {
    if (!CALENDAR_FIELDS.has(key)) errors.push(`${key} is not an office calendar field`);
  }

  const weekly = checkWeekly(input.weekly, errors);

  if (typeof input.yearEndHolidays !== 'boolean') errors.push('yearEndHolidays must be true or false');

  const closedDays: { date: CalendarDate; reason: string }[] = [];
  for (const [index, entry] of checkArray(input.closedDays, 'closedDays', errors).entries()) {
    const path = `closedDays[${index}]`;
    if (!isRecord(entry)) {
      errors.push(`${path} must be { date, reason }`);
      continue;
    }
    const { date, reason } = entry;
    if (checkDate(date, `${path}.date`, errors) && checkText(reason, `${path}.reason`, errors)) {
      closedDays.push({ date, reason });
    }
  }
  checkDuplicates(
    closedDays.map((day) => day.date),
    'closedDays',
    errors,
  );

  const specialOpenDays: { date: CalendarDate; hours: DailyHours; reason: string }[] = [];
  for (const [index, entry] of checkArray(input.specialOpenDays, 'specialOpenDays', errors).entries()) {
    const path = `specialOpenDays[${index}]`;
    if (!isRecord(entry)) {
      errors.push(`${path} must be { date, hours, reason }`);
      continue;
    }
    const { date, reason } = entry;
    const dateOk = checkDate(date, `${path}.date`, errors);
    const hours = checkHours(entry.hours, `${path}.hours`, errors);
    const reasonOk = checkText(reason, `${path}.reason`, errors);
    if (dateOk && hours && reasonOk) specialOpenDays.push({ date, hours, reason });
  }
  checkDuplicates(
    specialOpenDays.map((day) => day.date),
    'specialOpenDays',
    errors,
  );
  // Which one wins would be an accident of precedence; make whoever wrote it decide.
  const closedDates = new Set(closedDays.map((day) => day.date));
  for (const { date } of specialOpenDays) {
    if (closedDates.has(date)) errors.push(`${date} is both a closed day and a special open day`);
  }

  const add: { date: CalendarDate; name: string }[] = [];
  const remove: CalendarDate[] = [];
  if (!isRecord(input.holidayOverrides)) {
    errors.push('holidayOverrides must be { add, remove }');
  } else {
    for (const [index, entry] of checkArray(
      input.holidayOverrides.add,
      'holidayOverrides.add',
      errors,
    ).entries()) {
      const path = `holidayOverrides.add[${index}]`;
      if (!isRecord(entry)) {
        errors.push(`${path} must be { date, name }`);
        continue;
      }
      const { date, name } = entry;
      if (checkDate(date, `${path}.date`, errors) && checkText(name, `${path}.name`, errors)) {
        add.push({ date, name });
      }
    }
    const removals = checkArray(input.holidayOverrides.remove, 'holidayOverrides.remove', errors);
    for (const [index, date] of removals.entries()) {
      if (checkDate(date, `holidayOverrides.remove[${index}]`, errors)) remove.push(date);
    }
    const removed = new Set(remove);
    for (const { date } of add) {
      if (removed.has(date)) errors.push(`${date} is both added to and removed from the national holidays`);
    }
  }

  const cutoff = input.ticketCutoffMinutes;
  if (
    typeof cutoff !== 'number' ||
    !Number.isInteger(cutoff) ||
    cutoff < 0 ||
    cutoff > MAX_TICKET_CUTOFF_MINUTES
  ) {
    errors.push(
      `ticketCutoffMinutes must be a whole number of minutes from 0 to ${MAX_TICKET_CUTOFF_MINUTES}`,
    );
  }

  if (errors.length > 0 || !weekly) return { ok: false, errors };
  return {
    ok: true,
    calendar: {
      weekly,
      yearEndHolidays: input.yearEndHolidays as boolean,
      closedDays,
      specialOpenDays,
      holidayOverrides: { add, remove },
      ticketCutoffMinutes: cutoff as number,
    },
  };
}
