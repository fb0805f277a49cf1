import { z } from 'zod';
import {
  APPLICANT_TYPES,
  CASE_ABANDON_REASONS,
  DOCUMENT_CODES,
  isCalendarDate,
  PIN_KINDS,
  PROCEDURES,
  SUPERVISOR_REASON_MAX_LENGTH,
} from '@madoguchi/domain';

const pinKind = z.enum(PIN_KINDS as [string, ...string[]]);
const calendarDate = z.string().refine(isCalendarDate, 'must be a calendar day written YYYY-MM-DD');
/** The card checks the PIN's format itself before any APDU; here only its size is bounded. */
const pin = z.string().min(1, 'is required').max(16, 'is at most 16 characters');

export const caseIdParam = z.string().uuid('must be a case id (UUID)');
export const readerId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a reader id (1-64 letters, digits, "-" or "_")');

export const openCaseBody = z
  .object({
    ticketNumber: z
      .string()
      .regex(/^[A-Z]{1,3}[0-9]{3,6}$/, 'must be a ticket number such as R001')
      .optional(),
    procedure: z.enum(PROCEDURES as [string, ...string[]]),
    applicant: z.enum(APPLICANT_TYPES as [string, ...string[]]),
    holder: z
      .object({ registeredResident: z.boolean(), under15: z.boolean(), adultWard: z.boolean() })
      .strict(),
  })
  .strict();
export type OpenCaseBody = z.infer<typeof openCaseBody>;

export const identityDocumentsBody = z
  .object({
    whose: z.enum(['applicant', 'holder']),
    documents: z
      .array(
        z
          .object({
            code: z.enum(DOCUMENT_CODES as unknown as [string, ...string[]]),
            original: z.boolean(),
            expiresOn: calendarDate.optional(),
            issuedOn: calendarDate.optional(),
            hasPhoto: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1, 'list at least one document')
      .max(10, 'at most 10 documents'),
  })
  .strict();
export type IdentityDocumentsBody = z.infer<typeof identityDocumentsBody>;

export const supervisorExceptionBody = z
  .object({ reason: z.string().trim().min(1, 'is required').max(SUPERVISOR_REASON_MAX_LENGTH) })
  .strict();

export const cardCheckBody = z.object({ readerId }).strict();

export const cardChangeBody = z
  .object({
    readerId,
    kind: z.union([pinKind, z.literal('all-four-digit')]),
    oldPin: pin,
    newPin: pin,
    confirmedLastTry: z.boolean().optional(),
  })
  .strict();
export type CardChangeBody = z.infer<typeof cardChangeBody>;

export const resetRecordedBody = z
  .object({ readerId, kinds: z.array(pinKind).min(1, 'name at least one PIN').max(4) })
  .strict();
export type ResetRecordedBody = z.infer<typeof resetRecordedBody>;

export const abandonBody = z
  .object({ reason: z.enum(CASE_ABANDON_REASONS as [string, ...string[]]) })
  .strict();

export const noBody = z.union([z.undefined(), z.object({}).strict()]);
