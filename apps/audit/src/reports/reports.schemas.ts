import { daysBetween, isCalendarDate } from '@madoguchi/domain';
import { z } from 'zod';

export const MAX_REPORT_DAYS = 366;

const calendarDate = z.string().refine(isCalendarDate, 'must be a calendar day written YYYY-MM-DD');

export const complianceQuery = z
  .strictObject({
    from: calendarDate.describe('First day (Asia/Tokyo), YYYY-MM-DD'),
    to: calendarDate.describe('Last day, included'),
    office: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an office id: letters, digits, "-" or "_"')
      .optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .superRefine((query, context) => {
    if (!isCalendarDate(query.from) || !isCalendarDate(query.to)) return;
    const days = daysBetween(query.from, query.to) + 1;
    if (days < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (days > MAX_REPORT_DAYS) {
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${MAX_REPORT_DAYS} days after from`,
      });
    }
  });

export type ComplianceQueryParams = z.infer<typeof complianceQuery>;
