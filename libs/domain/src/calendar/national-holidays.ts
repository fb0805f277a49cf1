/**
 * Japanese national holidays (domain.md §4), from the `@holiday-jp/holiday_jp` table read as plain
 * `YYYY-MM-DD` keys. The package's own `between`/`isHoliday` go through `Date` objects built in the
 * process's local time zone, so they shift by a day when `TZ` is not Asia/Tokyo; the table never does.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import { addDays, assertCalendarDate, weekdayOf, type CalendarDate } from '../shared/calendar-date';
import { DomainInputError } from '../shared/domain-input-error';
import type { OfficeCalendar } from './office-calendar.types';

export type HolidayOverrides = OfficeCalendar['holidayOverrides'];

/**
 * `holiday`: a 国民の祝日 (including one-off special-law days); `substitute`: 振替休日;
 * `citizens`: 国民の休日, a weekday squeezed between two 祝日.
 */
export type NationalHolidayKind = 'holiday' | 'substitute' | 'citizens';

export interface NationalHoliday {
  date: CalendarDate;
  name: string;
  nameEn: string;
  kind: NationalHolidayKind;
}

interface TableEntry {
  date: string;
  name: string;
  name_en: string;
}

/**
 * The 2007 amendment (substitutes move past every following holiday, not just to Monday) is the rule the
 * derivation encodes; earlier years followed older rules, so for them the table is taken as it stands.
 */
const FIRST_DERIVED_YEAR = 2008;
const SUBSTITUTE_SUFFIX = '振替休日';
const TABLE_CITIZENS_NAME = '休日';
const CITIZENS_NAME = '国民の休日';
const CITIZENS_NAME_EN = "Citizens' Holiday";
const SUBSTITUTE_NAME_EN = 'Holiday in lieu';

// Widened on purpose: the package types the table as one literal per day, which is no use for lookups by key.
const TABLE: Readonly<Record<string, TableEntry>> = holidayJp.holidays;

/** English names by Japanese name, so an override that adds 春分の日 gets "Vernal Equinox Day" too. */
const ENGLISH_NAMES: ReadonlyMap<string, string> = new Map(
  Object.values(TABLE).map((entry) => [entry.name, entry.name_en] as const),
);

function tableKind(name: string): NationalHolidayKind {
  if (name.endsWith(SUBSTITUTE_SUFFIX)) return 'substitute';
  if (name === TABLE_CITIZENS_NAME) return 'citizens';
  return 'holiday';
}

function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

function fromTable(entry: TableEntry): NationalHoliday {
  const kind = tableKind(entry.name);
  return kind === 'citizens'
    ? { date: entry.date, name: CITIZENS_NAME, nameEn: CITIZENS_NAME_EN, kind }
    : { date: entry.date, name: entry.name, nameEn: entry.name_en, kind };
}

/**
 * Builds the whole holiday map once per overrides object. Base holidays come from the table (minus the
 * days it derived itself), corrected by the overrides; substitute and citizens' days are then derived,
 * so moving an equinox day also moves or drops the 振替休日 and 国民の休日 that depended on it.
 */
function buildHolidayMap(
  overrides: HolidayOverrides | undefined,
): ReadonlyMap<CalendarDate, NationalHoliday> {
  const removed = new Set(overrides?.remove ?? []);
  const base = new Map<CalendarDate, NationalHoliday>();
  const legacy = new Map<CalendarDate, NationalHoliday>();

  for (const entry of Object.values(TABLE)) {
    if (removed.has(entry.date)) continue;
    const holiday = fromTable(entry);
    if (yearOf(entry.date) < FIRST_DERIVED_YEAR) legacy.set(entry.date, holiday);
    else if (holiday.kind === 'holiday') base.set(entry.date, holiday);
  }
  for (const { date, name } of overrides?.add ?? []) {
    const holiday: NationalHoliday = { date, name, nameEn: ENGLISH_NAMES.get(name) ?? name, kind: 'holiday' };
    if (yearOf(date) < FIRST_DERIVED_YEAR) legacy.set(date, holiday);
    else base.set(date, holiday);
  }

  const derived = new Map<CalendarDate, NationalHoliday>();
  const isDayOff = (date: CalendarDate): boolean => base.has(date) || derived.has(date);

  // Date order, so that overrides (appended last) cannot change which substitute claims a day.
  const baseInOrder = [...base.values()].sort((a, b) => (a.date < b.date ? -1 : 1));

  // 祝日法 §3(2): a 祝日 on a Sunday makes the nearest following non-祝日 day a holiday.
  for (const holiday of baseInOrder) {
    if (weekdayOf(holiday.date) !== 'sun') continue;
    let candidate = addDays(holiday.date, 1);
    while (isDayOff(candidate)) candidate = addDays(candidate, 1);
    derived.set(candidate, {
      date: candidate,
      name: `${holiday.name} ${SUBSTITUTE_SUFFIX}`,
      nameEn: SUBSTITUTE_NAME_EN,
      kind: 'substitute',
    });
  }

  // 祝日法 §3(3): a day whose previous and next days are both 祝日 is a holiday; on a Sunday it changes nothing.
  for (const holiday of baseInOrder) {
    const between = addDays(holiday.date, 1);
    if (!base.has(addDays(between, 1)) || isDayOff(between) || weekdayOf(between) === 'sun') continue;
    derived.set(between, { date: between, name: CITIZENS_NAME, nameEn: CITIZENS_NAME_EN, kind: 'citizens' });
  }

  const all = new Map<CalendarDate, NationalHoliday>([...legacy, ...base, ...derived]);
  return new Map(
    [...all.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, h]) => [date, Object.freeze(h)]),
  );
}

const DEFAULT_MAP = buildHolidayMap(undefined);
const MAPS_BY_OVERRIDES = new WeakMap<HolidayOverrides, ReadonlyMap<CalendarDate, NationalHoliday>>();

function holidayMap(overrides: HolidayOverrides | undefined): ReadonlyMap<CalendarDate, NationalHoliday> {
  if (!overrides || (overrides.add.length === 0 && overrides.remove.length === 0)) return DEFAULT_MAP;
  let map = MAPS_BY_OVERRIDES.get(overrides);
  if (!map) {
    assertOverrides(overrides);
    map = buildHolidayMap(overrides);
    MAPS_BY_OVERRIDES.set(overrides, map);
  }
  return map;
}

// A bad override date would silently never match (or corrupt the derivation), so refuse it loudly.
function assertOverrides(overrides: HolidayOverrides): void {
  for (const { date } of overrides.add) assertCalendarDate(date, 'holidayOverrides.add.date');
  for (const date of overrides.remove) assertCalendarDate(date, 'holidayOverrides.remove');
}

/**
 * The national holiday on a Japanese calendar day, or `undefined` on an ordinary day.
 * The table covers 1970–2050; later years have no holidays unless the overrides add them.
 */
export function nationalHoliday(
  date: CalendarDate,
  overrides?: HolidayOverrides,
): NationalHoliday | undefined {
  assertCalendarDate(date, 'date');
  return holidayMap(overrides).get(date);
}

/** Every national holiday of a year, in date order. */
export function nationalHolidaysIn(year: number, overrides?: HolidayOverrides): NationalHoliday[] {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new DomainInputError('invalid-date', 'year', 'year must be a four-digit integer');
  }
  const prefix = `${year}-`;
  return [...holidayMap(overrides).values()].filter((holiday) => holiday.date.startsWith(prefix));
}
