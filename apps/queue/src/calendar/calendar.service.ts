import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import {
  addDays,
  type CalendarDate,
  type ClockTime,
  type ClosedReason,
  daysBetween,
  openingHours,
  ticketingCutoff,
  tokyoMinutesOf,
} from '@madoguchi/domain';
import { OfficeDirectory } from '../office/office-directory';
import { OfficeDayRepository } from '../office/office-day.repository';
import { type CalendarQuery, DEFAULT_CALENDAR_DAYS, MAX_CALENDAR_DAYS } from './calendar.schemas';

export type CalendarDayView =
  | { date: CalendarDate; open: true; opens: ClockTime; closes: ClockTime; ticketsUntil: ClockTime }
  | { date: CalendarDate; open: false; reason: ClosedReason; holidayName?: string };

@Injectable()
export class CalendarService {
  constructor(
    @Inject(OfficeDirectory) private readonly offices: OfficeDirectory,
    @Inject(OfficeDayRepository) private readonly officeDays: OfficeDayRepository,
  ) {}

  /** Each day of the range with its hours and ticket cut-off, or why the counter is closed. */
  calendar(officeId: string, query: CalendarQuery): { officeId: string; days: CalendarDayView[] } {
    const office = this.offices.get(officeId);
    const from = query.from ?? this.officeDays.today();
    const to = query.to ?? addDays(from, DEFAULT_CALENDAR_DAYS - 1);
    const count = daysBetween(from, to) + 1;
    // Checked here too for a range with one end left to its default.
    if (count < 1 || count > MAX_CALENDAR_DAYS) {
      throw new BadRequestException(`to: must be from 1 to ${MAX_CALENDAR_DAYS} days after from`);
    }
    const days = Array.from({ length: count }, (_, offset): CalendarDayView => {
      const date = addDays(from, offset);
      const hours = openingHours(date, office.calendar);
      if (!hours.open) {
        return {
          date,
          open: false,
          reason: hours.reason,
          ...(hours.holidayName !== undefined && { holidayName: hours.holidayName }),
        };
      }
      const cutoff = ticketingCutoff(date, office.calendar) as Date;
      return {
        date,
        open: true,
        opens: hours.opens,
        closes: hours.closes,
        ticketsUntil: tokyoTimeOf(cutoff),
      };
    });
    return { officeId: office.id, days };
  }
}

function tokyoTimeOf(instant: Date): ClockTime {
  const minutes = tokyoMinutesOf(instant);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
