import { z } from 'zod';
import { commonEnvironment, loadConfig } from '@madoguchi/platform';

export const cardGatewayEnvironment = z.object({
  ...commonEnvironment,
  /** Which reader this gateway serves; its NATS subjects are card.<READER_ID>.<operation>. */
  READER_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"')
    .default('reader-1'),
  CARD_DRIVER: z.enum(['simulator', 'pcsc']).default('simulator'),
});

export type CardGatewayConfig = z.infer<typeof cardGatewayEnvironment>;

export function loadCardGatewayConfig(env?: Record<string, string | undefined>): CardGatewayConfig {
  return loadConfig(cardGatewayEnvironment, env);
}
