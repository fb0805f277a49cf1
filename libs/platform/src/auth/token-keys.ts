import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { TokenLifetimes } from './session-token';

/**
 * The Ed25519 key pair of session tokens, from configuration: base64 of the DER encodings
 * (`AUTH_TOKEN_PRIVATE_KEY`: PKCS#8, `AUTH_TOKEN_PUBLIC_KEY`: SPKI). `npm run auth:generate-keys` prints a
 * fresh pair. Outside production a missing key falls back to a development key derived from a fixed,
 * public seed, so that every service of a developer machine agrees without setup; production refuses to
 * start without keys.
 */
export interface TokenKeys {
  publicKey: KeyObject;
  /** Only where tokens are issued (the queue). */
  privateKey?: KeyObject;
  /** True when the public development key is in use: never in production. */
  development: boolean;
}

export function parseTokenPublicKey(base64: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

export function parseTokenPrivateKey(base64: string): KeyObject {
  const key = createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

export function encodeTokenPublicKey(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('base64');
}

export function encodeTokenPrivateKey(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

/** PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Derived from a published seed: anyone can sign with it, which is exactly why production refuses it. */
export function developmentTokenKeys(): { publicKey: KeyObject; privateKey: KeyObject } {
  const seed = createHash('sha256')
    .update('madoguchi development session-token key: never in production')
    .digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

function tryParse(parse: (value: string) => KeyObject, value: string | undefined): KeyObject | undefined {
  if (!value) return undefined;
  try {
    return parse(value);
  } catch {
    return undefined;
  }
}

const parses = (parse: (value: string) => KeyObject) => (value: string) =>
  tryParse(parse, value) !== undefined;

/** An unset variable and an empty one (`KEY=` in a compose file) mean the same thing. */
const optionalKey = (parse: (value: string) => KeyObject, what: string) =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().refine(parses(parse), `must be base64 of the DER (${what}) of an Ed25519 key`).optional(),
  );

/** For a service that checks session tokens (queue, audit). */
export const tokenVerifierEnvironment = {
  AUTH_TOKEN_PUBLIC_KEY: optionalKey(parseTokenPublicKey, 'SPKI'),
};

/** For the service that issues them (queue). Its public key is derived from the private one when unset. */
export const tokenIssuerEnvironment = {
  ...tokenVerifierEnvironment,
  AUTH_TOKEN_PRIVATE_KEY: optionalKey(parseTokenPrivateKey, 'PKCS#8'),
  AUTH_STAFF_SESSION_HOURS: z.coerce.number().min(8).max(12).default(10),
  AUTH_DEVICE_TOKEN_DAYS: z.coerce.number().int().min(1).max(1_825).default(365),
};

export interface TokenKeyConfig {
  NODE_ENV: 'development' | 'test' | 'production';
  AUTH_TOKEN_PUBLIC_KEY?: string | undefined;
  AUTH_TOKEN_PRIVATE_KEY?: string | undefined;
}

/**
 * The cross-variable rules of the keys, for `.superRefine(...)` on an app's environment schema: production
 * needs real keys (the issuer its private key, a verifier its public key), and a pair must match.
 */
export function tokenKeyRules(use: 'issuer' | 'verifier') {
  return <Config extends TokenKeyConfig>(config: Config, context: z.RefinementCtx<Config>): void => {
    const production = config.NODE_ENV === 'production';
    const required = use === 'issuer' ? 'AUTH_TOKEN_PRIVATE_KEY' : 'AUTH_TOKEN_PUBLIC_KEY';
    if (production && !config[required]) {
      context.addIssue({
        code: 'custom',
        path: [required],
        message: 'required when NODE_ENV is production (npm run auth:generate-keys makes a pair)',
      });
    } else if (use === 'issuer' && config.AUTH_TOKEN_PUBLIC_KEY && !config.AUTH_TOKEN_PRIVATE_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['AUTH_TOKEN_PRIVATE_KEY'],
        message: 'required when AUTH_TOKEN_PUBLIC_KEY is set: this service issues tokens',
      });
    }
    // zod runs this rule even when a key failed its own check: compare only keys that parse.
    const privateKey = tryParse(parseTokenPrivateKey, config.AUTH_TOKEN_PRIVATE_KEY);
    const publicKey = tryParse(parseTokenPublicKey, config.AUTH_TOKEN_PUBLIC_KEY);
    if (use === 'issuer' && privateKey && publicKey) {
      if (!createPublicKey(privateKey).equals(publicKey)) {
        context.addIssue({
          code: 'custom',
          path: ['AUTH_TOKEN_PUBLIC_KEY'],
          message: 'is not the public half of AUTH_TOKEN_PRIVATE_KEY',
        });
      }
    }
  };
}

/** The keys an app uses, from its validated configuration. */
export function tokenKeysFromConfig(config: TokenKeyConfig): TokenKeys {
  const { AUTH_TOKEN_PRIVATE_KEY: privateText, AUTH_TOKEN_PUBLIC_KEY: publicText } = config;
  if (privateText) {
    const privateKey = parseTokenPrivateKey(privateText);
    return { privateKey, publicKey: createPublicKey(privateKey), development: false };
  }
  if (publicText) return { publicKey: parseTokenPublicKey(publicText), development: false };
  // Checked again here so that no code path can bring the development key into production.
  if (config.NODE_ENV === 'production') throw new Error('session-token keys are required in production');
  return { ...developmentTokenKeys(), development: true };
}

export function tokenLifetimesFromConfig(config: {
  AUTH_STAFF_SESSION_HOURS: number;
  AUTH_DEVICE_TOKEN_DAYS: number;
}): TokenLifetimes {
  return {
    staffSeconds: Math.round(config.AUTH_STAFF_SESSION_HOURS * 60 * 60),
    deviceSeconds: config.AUTH_DEVICE_TOKEN_DAYS * 24 * 60 * 60,
  };
}
