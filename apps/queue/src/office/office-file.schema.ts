import { z } from 'zod';
import { PROCEDURES } from '@madoguchi/domain';

/** Office ids appear in URLs and stream ids: lower-case, short, no separators of those. */
export const OFFICE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const COUNTER_ID_PATTERN = /^[A-Za-z0-9-]{1,16}$/;
export const SERVICE_CODE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

const localizedText = z.strictObject({
  ja: z.string().trim().min(1, 'must be non-empty Japanese text'),
  en: z.string().trim().min(1, 'must be non-empty English text'),
});

/**
 * The shape of an office configuration file. Strict objects, so a misspelt key fails the boot instead of
 * being ignored. The calendar and the requirements are checked by the domain's own validators, which
 * know their rules better than a schema could (`validateOfficeCalendar`, `validateRequirementsTable`).
 */
export const officeFileSchema = z.strictObject({
  id: z.string().regex(OFFICE_ID_PATTERN, 'must be lower-case letters, digits and hyphens'),
  name: localizedText,
  services: z
    .array(
      z.strictObject({
        code: z.string().regex(SERVICE_CODE_PATTERN, 'must be lower-case letters, digits and hyphens'),
        prefix: z.string(),
        name: localizedText,
        procedure: z.enum(PROCEDURES as [string, ...string[]]).optional(),
      }),
    )
    .min(1, 'must list at least one service'),
  counters: z
    .array(
      z.strictObject({
        id: z.string().regex(COUNTER_ID_PATTERN, 'must be 1-16 letters, digits or hyphens'),
        name: localizedText,
        services: z.array(z.string()).min(1, 'must list at least one service'),
      }),
    )
    .min(1, 'must list at least one counter'),
  calendar: z.unknown(),
  priorityCallsPerRegular: z.number().int().min(0),
  noShowAfterCalls: z.number().int().min(1),
  defaultServiceMinutes: z.number().positive().max(480),
  letterDeadlineDays: z.number().int().min(1).max(366),
  letterDeadlineMovesToOpenDay: z.boolean(),
  requirements: z
    .strictObject({ options: z.unknown().optional(), table: z.unknown().optional() })
    .refine((value) => (value.options === undefined) !== (value.table === undefined), {
      message: 'must hold either options (switches on the default tables) or a whole table',
    }),
});

export type OfficeFile = z.infer<typeof officeFileSchema>;
