/**
 * Dates and times on the Japanese civil calendar (Asia/Tokyo, UTC+09:00 all year: Japan has had no
 * daylight saving time since 1951). Everything here is plain arithmetic on UTC fields, so no result ever
 * depends on the process's TZ.
 */
import { DomainInputError } from './domain-input-error';

/** A Japanese calendar day, `YYYY-MM-DD`. */
export type CalendarDate = string;
/** A wall-clock time in Asia/Tokyo, `HH:MM` (24-hour). */
export type ClockTime = string;

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a real calendar day written `YYYY-MM-DD` (rejects 2025-02-30, 2025-2-3, full-width digits). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** True for `HH:MM` between 00:00 and 23:59. */
export function isClockTime(value: unknown): value is ClockTime {
  return typeof value === 'string' && TIME_PATTERN.test(value);
}

export function assertCalendarDate(value: unknown, field: string): asserts value is CalendarDate {
  if (!isCalendarDate(value)) {
    throw new DomainInputError('invalid-date', field, `${field} must be a calendar day written YYYY-MM-DD`);
  }
}

export function assertInstant(value: unknown, field: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DomainInputError('invalid-instant', field, `${field} must be a valid Date`);
  }
}

/** Minutes since midnight of an `HH:MM` time. */
export function minutesOfDay(time: ClockTime): number {
  const match = TIME_PATTERN.exec(time);
  if (!match) throw new DomainInputError('invalid-time', 'time', 'time must be HH:MM');
  return Number(match[1]) * 60 + Number(match[2]);
}

function utcMidnight(date: CalendarDate): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new DomainInputError('invalid-date', 'date', 'date must be YYYY-MM-DD');
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function formatUtcDate(ms: number): CalendarDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return formatUtcDate(utcMidnight(date) + days * DAY_MS);
}

export function weekdayOf(date: CalendarDate): Weekday {
  return WEEKDAYS[new Date(utcMidnight(date)).getUTCDay()] as Weekday;
}

/** The Japanese calendar day on which an instant falls. */
export function tokyoDateOf(instant: Date): CalendarDate {
  return formatUtcDate(instant.getTime() + TOKYO_OFFSET_MS);
}

/** Minutes since Tokyo midnight of an instant. */
export function tokyoMinutesOf(instant: Date): number {
  const shifted = new Date(instant.getTime() + TOKYO_OFFSET_MS);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
}

/** The instant at which the Tokyo wall clock shows `time` on `date`. */
export function tokyoInstant(date: CalendarDate, time: ClockTime): Date {
  return new Date(utcMidnight(date) + minutesOfDay(time) * 60_000 - TOKYO_OFFSET_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}
