import { z } from 'zod';
import {
  commonEnvironment,
  databaseEnvironment,
  eventStreamEnvironment,
  loadConfig,
} from '@madoguchi/platform';
import { DEMO_CARDS, type DemoCardName } from './card/simulator/demo-cards';
import { MIN_MY_NUMBER_KEY_BYTES } from './card/protocol/card-info';

const demoCardNames = Object.keys(DEMO_CARDS) as [DemoCardName, ...DemoCardName[]];

export const cardGatewayEnvironment = z
  .object({
    ...commonEnvironment,
    ...eventStreamEnvironment,
    /** The gateway's own database: its event store is the outbox of the card facts. */
    DATABASE_URL: databaseEnvironment.DATABASE_URL.unwrap().default(
      'postgres://postgres@127.0.0.1:5432/madoguchi_card_gateway',
    ),
    /** Which reader this gateway serves; its NATS subjects are card.<READER_ID>.<operation>. */
    READER_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"')
      .default('reader-1'),
    CARD_DRIVER: z.enum(['simulator', 'pcsc']).default('simulator'),
    /** The PC/SC reader name (CARD_DRIVER=pcsc); vsmartcard-vpcd's first slot by default. */
    PCSC_READER_NAME: z.string().min(1).max(128).default('Virtual PCD 00 00'),
    /** The demo card in the simulated reader (CARD_DRIVER=simulator). */
    SIMULATED_CARD: z.enum(demoCardNames).default('fresh-card'),
    /**
     * HMAC key for the My Number hash, hex, at least 32 bytes (`openssl rand -hex 32`). Every service that matches
     * residents by that hash needs the same key. Required in production; elsewhere a fixed development key is used.
     */
    MY_NUMBER_HASH_KEY: z
      .string()
      .regex(
        new RegExp(`^(?:[0-9a-fA-F]{2}){${MIN_MY_NUMBER_KEY_BYTES},}$`),
        `must be hex of at least ${MIN_MY_NUMBER_KEY_BYTES} bytes`,
      )
      .optional(),
  })
  .superRefine((env, context) => {
    if (env.NODE_ENV === 'production' && env.MY_NUMBER_HASH_KEY === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['MY_NUMBER_HASH_KEY'],
        message: 'is required in production',
      });
    }
  });

export type CardGatewayConfig = z.infer<typeof cardGatewayEnvironment>;

export function loadCardGatewayConfig(env?: Record<string, string | undefined>): CardGatewayConfig {
  return loadConfig(cardGatewayEnvironment, env);
}
