import { z } from 'zod';
import { daysBetween, isCalendarDate } from '@madoguchi/domain';
import { calendarDateParam } from '../office/office.params';

/** A year and a day: a kiosk showing "next year's" holidays never needs more. */
export const MAX_CALENDAR_DAYS = 366;
export const DEFAULT_CALENDAR_DAYS = 14;

export const calendarQuery = z
  .strictObject({
    from: calendarDateParam.optional().describe('First day, YYYY-MM-DD (default: today in Tokyo)'),
    to: calendarDateParam
      .optional()
      .describe(`Last day, YYYY-MM-DD (default: ${DEFAULT_CALENDAR_DAYS} days)`),
  })
  .superRefine((query, context) => {
    // Zod runs this even when a field's own check failed; a malformed day is already reported there.
    if (!isCalendarDate(query.from) || !isCalendarDate(query.to)) return;
    const days = daysBetween(query.from, query.to) + 1;
    if (days < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (days > MAX_CALENDAR_DAYS) {
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${MAX_CALENDAR_DAYS} days after from`,
      });
    }
  });

export type CalendarQuery = z.infer<typeof calendarQuery>;
