import { z } from 'zod';

/**
 * Each app declares its environment once as a zod schema and reads it here, at boot, exactly once.
 * This is the only place that touches `process.env`; everything else receives the typed result.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
): z.infer<Schema> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  // Name the variable and the rule it breaks, never its value: a value may be a secret.
  throw new ConfigError(
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}

const url = (protocols: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a ${protocols.join(' or ')}// URL`,
  );

/** Variables every service shares. Defaults match the services of a developer machine. */
export const commonEnvironment = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  LOG_FORMAT: z.enum(['text', 'json']).default('text'),
  /** One server, or a cluster's servers separated by commas (see natsServers). */
  NATS_URL: z
    .string()
    .refine(
      (value) =>
        value
          .split(',')
          .every((server) => url(['nats:', 'tls:', 'ws:', 'wss:']).safeParse(server.trim()).success),
      'must be nats:// URLs separated by commas',
    )
    .default('nats://127.0.0.1:4222'),
  /** Prepended to every NATS subject so that test runs sharing one server never see each other. */
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9_-]+\.)?$/, 'must be empty or a single token followed by a dot, e.g. "run42."')
    .default(''),
};

/** The JetStream stream every service publishes its events to (`MADOGUCHI`; test runs name their own). */
export const eventStreamEnvironment = {
  JETSTREAM_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"')
    .default('MADOGUCHI'),
  JETSTREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
};

export const databaseEnvironment = {
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/madoguchi'),
};

export const redisEnvironment = {
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  /** Prepended to every Redis key, for the same isolation as NATS_SUBJECT_PREFIX. */
  REDIS_KEY_PREFIX: z.string().default('madoguchi:'),
};

export const httpEnvironment = (defaultPort: number) => ({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
});

export const CONFIG = Symbol('CONFIG');

/** The servers of NATS_URL: the NATS client takes a list, and tries the next when one is down. */
export function natsServers(natsUrl: string): string[] {
  return natsUrl.split(',').map((server) => server.trim());
}
