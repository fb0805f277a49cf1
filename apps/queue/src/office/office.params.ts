import { z } from 'zod';
import { isCalendarDate } from '@madoguchi/domain';
import { COUNTER_ID_PATTERN, OFFICE_ID_PATTERN, SERVICE_CODE_PATTERN } from './office-file.schema';

/** Path parameters shared by every controller of the queue. */
export const officeIdParam = z
  .string()
  .regex(OFFICE_ID_PATTERN, 'must be an office id (lower-case letters, digits, hyphens)');
export const counterIdParam = z
  .string()
  .regex(COUNTER_ID_PATTERN, 'must be a counter id (1-16 letters, digits, hyphens)');
export const ticketNumberParam = z
  .string()
  .regex(/^[A-Z]{1,3}[0-9]{3,6}$/, 'must be a ticket number such as R001');
export const calendarDateParam = z
  .string()
  .refine(isCalendarDate, 'must be a calendar day written YYYY-MM-DD');
export const serviceCode = z.string().regex(SERVICE_CODE_PATTERN, 'must be a service code such as pin-reset');
