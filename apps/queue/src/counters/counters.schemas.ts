import { z } from 'zod';
import { serviceCode } from '../office/office.params';

export const openCounterBody = z
  .strictObject({
    services: z
      .array(serviceCode)
      .min(1)
      .max(20)
      .optional()
      .describe("Services the counter serves today; the counter's configured services when left out"),
  })
  .optional();

export const transferBody = z.strictObject({
  toService: serviceCode.describe('The line the ticket moves to'),
});

/** Commands that need nothing besides the counter in the path still refuse a body they do not understand. */
export const noBody = z.strictObject({}).optional();

export type OpenCounterBody = z.infer<typeof openCounterBody>;
export type TransferBody = z.infer<typeof transferBody>;
