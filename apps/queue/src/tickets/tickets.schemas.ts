import { z } from 'zod';
import { APPLICANT_TYPES } from '@madoguchi/domain';
import { serviceCode } from '../office/office.params';

export const issueTicketBody = z.strictObject({
  service: serviceCode.describe('The service code, e.g. pin-reset, pin-change, general-enquiry'),
  applicant: z
    .enum(APPLICANT_TYPES as [string, ...string[]])
    .optional()
    .describe('Who applies; asked for PIN procedures only: self, legal-representative or proxy'),
  priority: z.boolean().optional().describe('Elderly, disabled or pregnant residents'),
});

export type IssueTicketBody = z.infer<typeof issueTicketBody>;

/** Printable ASCII, as the IETF draft suggests; a UUID fits. */
export const idempotencyKeyHeader = z
  .string()
  .regex(/^[\x21-\x7e]{8,128}$/, 'must be 8-128 printable ASCII characters, such as a UUID');
