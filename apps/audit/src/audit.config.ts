import { z } from 'zod';
import {
  commonEnvironment,
  databaseEnvironment,
  eventStreamEnvironment,
  httpEnvironment,
  loadConfig,
  tokenKeyRules,
  tokenVerifierEnvironment,
} from '@madoguchi/platform';
import { parseSigningKey, parseVerifierKey } from './merkle';

const postgresUrl = z.string().refine((value) => {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be a postgres:// URL');

/** One web origin: scheme, host and port only, as a browser sends it in `Origin`. */
function isWebOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return ['http:', 'https:'].includes(url.protocol) && url.origin === value;
  } catch {
    return false;
  }
}

const corsOrigins = z
  .string()
  .default('http://127.0.0.1:3000,http://localhost:3000')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  )
  .pipe(
    z.array(
      z
        .string()
        .refine(
          isWebOrigin,
          'each must be an origin such as http://localhost:3000 (no path, no trailing slash)',
        ),
    ),
  );

/**
 * The audit service's environment.
 *
 * - `AUDIT_WRITER_DATABASE_URL`: the connection the service works through once `DATABASE_URL` (the owner)
 *   has run the migrations. Give it a login that is a member of `madoguchi_audit_writer` (INSERT and SELECT
 *   on the log only) and acts as that role, e.g. `CREATE ROLE audit_app LOGIN PASSWORD '…' IN ROLE
 *   madoguchi_audit_writer; ALTER ROLE audit_app SET role = madoguchi_audit_writer`. Unset: DATABASE_URL.
 * - `AUDIT_SIGNING_KEY`: the Ed25519 key that signs checkpoints (`npm run audit:keygen` prints one). Required
 *   in production; elsewhere a published development key is used, so a local log verifies across restarts.
 * - `AUDIT_LOG_ORIGIN`: the log's name, first line of every checkpoint and name of the key.
 * - `OFFICE_CONFIG_DIR`: the queue's office configuration files, whose `calendar` the compliance report judges
 *   each office's operations by (read only for the id and the calendar). Default: the queue's folder.
 * - `AUTH_TOKEN_PUBLIC_KEY`: checks the session tokens the queue issues (routes are for the `auditor` role).
 * - `AUDIT_CORS_ORIGINS`: the web origins (comma-separated) whose pages may call the API from a browser with
 *   an `Authorization` header: the queue app, which serves the compliance reports screen.
 */
export const auditEnvironment = z
  .object({
    ...commonEnvironment,
    ...databaseEnvironment,
    ...eventStreamEnvironment,
    ...httpEnvironment(3002),
    ...tokenVerifierEnvironment,
    AUDIT_WRITER_DATABASE_URL: postgresUrl.optional(),
    AUDIT_LOG_ORIGIN: z
      .string()
      .regex(/^[^\s+]+$/u, 'must be one word without spaces or "+", e.g. city.example/madoguchi-audit')
      .default('madoguchi.localhost/audit'),
    AUDIT_SIGNING_KEY: z
      .string()
      .refine((key) => {
        try {
          parseSigningKey(key);
          return true;
        } catch {
          return false;
        }
      }, 'must be base64 of an Ed25519 seed or PKCS#8 key, or a PRIVATE+KEY+… signer key (npm run audit:keygen)')
      .optional(),
    /** For `audit:verify` run by an auditor who holds the public key only (`<origin>+<id>+<key>`). */
    AUDIT_VERIFIER_KEY: z
      .string()
      .refine((key) => {
        try {
          parseVerifierKey(key);
          return true;
        } catch {
          return false;
        }
      }, 'must be a verifier key <origin>+<8 hex digits>+<base64 key> (npm run audit:keygen prints one)')
      .optional(),
    /** The office files the queue loads: each office's `calendar`, for the compliance report. */
    OFFICE_CONFIG_DIR: z.string().min(1).default('apps/queue/config/offices'),
    AUDIT_CORS_ORIGINS: corsOrigins,
    AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    /** How long NATS waits for an ack before handing a message out again (after a crash, say). */
    AUDIT_CONSUMER_ACK_WAIT_MS: z.coerce.number().int().min(500).max(300_000).default(30_000),
    /** The durable JetStream consumer: where the service's position in the event stream is kept. */
    AUDIT_CONSUMER: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"')
      .default('audit'),
  })
  .superRefine((env, context) => {
    tokenKeyRules('verifier')(env, context);
    if (env.NODE_ENV === 'production' && !env.AUDIT_SIGNING_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['AUDIT_SIGNING_KEY'],
        message: 'is required in production (npm run audit:keygen prints a new key)',
      });
    }
  });

export type AuditConfig = z.infer<typeof auditEnvironment>;

export function loadAuditConfig(env?: Record<string, string | undefined>): AuditConfig {
  return loadConfig(auditEnvironment, env);
}
