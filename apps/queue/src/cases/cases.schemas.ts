import { z } from 'zod';
import {
  APPLICANT_TYPES,
  REPRESENTATION_EXEMPTIONS,
  REPRESENTATION_PROOF_CODES,
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

const ticketNumber = z.string().regex(/^[A-Z]{1,3}[0-9]{3,6}$/, 'must be a ticket number such as R001');

export const openCaseBody = z
  .object({
    ticketNumber: ticketNumber.optional(),
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

export const caseSearchQuery = z
  .object({
    status: z.enum(['open', 'closed']).optional(),
    appliedOn: calendarDate.optional(),
    /** Proxy letters: `due` mailed and not yet back within the deadline, `overdue` past it. */
    letter: z.enum(['due', 'overdue']).optional(),
    ticketNumber: ticketNumber.optional(),
    reference: z
      .string()
      .regex(
        /^[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}$/,
        'must be a letter reference such as 1A2B-3C4D-5E6F',
      )
      .optional(),
  })
  .strict();
export type CaseSearchQuery = z.infer<typeof caseSearchQuery>;
export type ResetRecordedBody = z.infer<typeof resetRecordedBody>;

export const representationProofBody = z
  .object({
    proof: z.union([
      z
        .object({
          document: z.enum(REPRESENTATION_PROOF_CODES as unknown as [string, ...string[]]),
          original: z.boolean(),
          issuedOn: calendarDate.optional(),
        })
        .strict(),
      z.object({ exemption: z.enum(REPRESENTATION_EXEMPTIONS as unknown as [string, ...string[]]) }).strict(),
    ]),
  })
  .strict();
export type RepresentationProofBody = z.infer<typeof representationProofBody>;

/** The proxy's second visit: the ticket they took today links the visit to the case. */
export const letterReturnedBody = z.union([
  z.undefined(),
  z.object({ ticketNumber: ticketNumber.optional() }).strict(),
]);
export type LetterReturnedBody = z.infer<typeof letterReturnedBody>;

const resetKinds = z.array(pinKind).min(1, 'name at least one PIN').max(4);

export const verifyNewPinBody = z
  .object({ readerId, kinds: resetKinds, pin, confirmedLastTry: z.boolean().optional() })
  .strict();
export type VerifyNewPinBody = z.infer<typeof verifyNewPinBody>;

export const resetBySupervisorBody = z
  .object({
    kinds: resetKinds,
    reason: z.string().trim().min(1, 'is required').max(SUPERVISOR_REASON_MAX_LENGTH),
  })
  .strict();
export type ResetBySupervisorBody = z.infer<typeof resetBySupervisorBody>;

export const abandonBody = z
  .object({ reason: z.enum(CASE_ABANDON_REASONS as [string, ...string[]]) })
  .strict();

export const noBody = z.union([z.undefined(), z.object({}).strict()]);
