import { z } from 'zod';

/** A position or size in the log, as a URL carries it: decimal digits only, within 2^53. */
const logNumber = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,15})$/, 'must be a whole number written in decimal digits')
  .transform(Number)
  .refine(Number.isSafeInteger, 'is too large');

export const sequenceParam = logNumber;

export const consistencyQuery = z
  .strictObject({
    from: logNumber.describe('Size of the earlier tree'),
    to: logNumber.describe('Size of the later tree, at most that of the latest checkpoint'),
  })
  .superRefine((query, context) => {
    if (query.from > query.to)
      context.addIssue({ code: 'custom', path: ['from'], message: 'must not exceed to' });
  });

export type ConsistencyQuery = z.infer<typeof consistencyQuery>;
