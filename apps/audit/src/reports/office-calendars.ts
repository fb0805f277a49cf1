import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATSUGI_CALENDAR, type OfficeCalendar, validateOfficeCalendar } from '@madoguchi/domain';
import { ConfigError } from '@madoguchi/platform';

/** The calendar a report judged an office's operations by, and whether it is the office's own. */
export interface OfficeCalendarChoice {
  calendar: OfficeCalendar;
  /** False: the office is not in the office configuration, so the city's default calendar stands in. */
  configured: boolean;
}

/** Each office's own calendar, by office id; an office not configured gets the default Atsugi calendar. */
export class OfficeCalendars {
  private readonly byOffice: ReadonlyMap<string, OfficeCalendar>;

  constructor(calendars: Iterable<readonly [string, OfficeCalendar]> = []) {
    this.byOffice = new Map(calendars);
  }

  /** No office configuration at all: every office is judged by the default calendar. */
  static defaultOnly(): OfficeCalendars {
    return new OfficeCalendars();
  }

  calendarOf(office: string | undefined): OfficeCalendarChoice {
    const calendar = office === undefined ? undefined : this.byOffice.get(office);
    return calendar ? { calendar, configured: true } : { calendar: ATSUGI_CALENDAR, configured: false };
  }

  get offices(): string[] {
    return [...this.byOffice.keys()];
  }
}

/**
 * The `calendar` of every office file the queue loads (`*.json` in OFFICE_CONFIG_DIR), read once at boot
 * and checked with the domain's own validation, as the queue checks it. The audit app reads only the id and
 * the calendar: the rest of the file is the queue's to validate. Any problem stops the boot with a message
 * naming the file and the field, never a value.
 */
export function loadOfficeCalendars(directory: string): OfficeCalendars {
  let names: string[];
  try {
    names = readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    throw new ConfigError([`OFFICE_CONFIG_DIR: cannot read the folder ${directory}`]);
  }
  if (names.length === 0) throw new ConfigError([`OFFICE_CONFIG_DIR: no *.json office file in ${directory}`]);

  const problems: string[] = [];
  const calendars = new Map<string, OfficeCalendar>();
  for (const name of names) {
    const result = officeCalendarOfFile(readFileSync(join(directory, name), 'utf8'));
    if (!result.ok) problems.push(...result.errors.map((error) => `${name}: ${error}`));
    else if (calendars.has(result.id)) problems.push(`${name}: id repeats the id of another office file`);
    else calendars.set(result.id, result.calendar);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return new OfficeCalendars(calendars);
}

export function officeCalendarOfFile(
  text: string,
): { ok: true; id: string; calendar: OfficeCalendar } | { ok: false; errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['is not valid JSON'] };
  }
  const file = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const errors: string[] = [];
  const id = file.id;
  if (typeof id !== 'string' || id.length === 0) errors.push('id: must be the office id, a non-empty string');
  const calendar = validateOfficeCalendar(file.calendar);
  if (!calendar.ok) errors.push(...calendar.errors.map((error) => `calendar: ${error}`));
  if (errors.length > 0 || !calendar.ok) return { ok: false, errors };
  return { ok: true, id: id as string, calendar: calendar.calendar };
}
