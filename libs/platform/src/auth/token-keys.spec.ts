import { generateKeyPairSync } from 'node:crypto';
import { z } from 'zod';
import { commonEnvironment, ConfigError, loadConfig } from '../config';
import { TokenIssuer, TokenVerifier } from './session-token';
import {
  developmentTokenKeys,
  encodeTokenPrivateKey,
  encodeTokenPublicKey,
  tokenIssuerEnvironment,
  tokenKeyRules,
  tokenKeysFromConfig,
  tokenLifetimesFromConfig,
  tokenVerifierEnvironment,
} from './token-keys';

const issuerSchema = z
  .object({ ...commonEnvironment, ...tokenIssuerEnvironment })
  .superRefine(tokenKeyRules('issuer'));
const verifierSchema = z
  .object({ ...commonEnvironment, ...tokenVerifierEnvironment })
  .superRefine(tokenKeyRules('verifier'));

const pair = generateKeyPairSync('ed25519');
const PRIVATE = encodeTokenPrivateKey(pair.privateKey);
const PUBLIC = encodeTokenPublicKey(pair.publicKey);
const now = new Date('2026-04-01T00:00:00Z');

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('session-token keys from configuration', () => {
  it('production refuses to start without keys: the issuer needs its private key, a verifier its public key', () => {
    expect(problemsOf(() => loadConfig(issuerSchema, { NODE_ENV: 'production' }))).toEqual([
      expect.stringMatching(/^AUTH_TOKEN_PRIVATE_KEY: required when NODE_ENV is production/),
    ]);
    expect(
      problemsOf(() => loadConfig(verifierSchema, { NODE_ENV: 'production', AUTH_TOKEN_PUBLIC_KEY: '' })),
    ).toEqual([expect.stringMatching(/^AUTH_TOKEN_PUBLIC_KEY: required when NODE_ENV is production/)]);
    expect(() => tokenKeysFromConfig({ NODE_ENV: 'production' })).toThrow(/required in production/);
  });

  it('production starts with real keys; the issuer derives its public key', () => {
    const issuerConfig = loadConfig(issuerSchema, {
      NODE_ENV: 'production',
      AUTH_TOKEN_PRIVATE_KEY: PRIVATE,
    });
    const verifierConfig = loadConfig(verifierSchema, {
      NODE_ENV: 'production',
      AUTH_TOKEN_PUBLIC_KEY: PUBLIC,
    });
    const issuerKeys = tokenKeysFromConfig(issuerConfig);
    const verifierKeys = tokenKeysFromConfig(verifierConfig);
    expect(issuerKeys.development).toBe(false);
    expect(verifierKeys.privateKey).toBeUndefined();
    const { token } = new TokenIssuer(issuerKeys.privateKey!).issue({ subject: 's', role: 'auditor' }, now);
    expect(new TokenVerifier(verifierKeys.publicKey).verify(token, now).ok).toBe(true);
  });

  it('outside production, queue and audit agree on a deterministic development key without setup', () => {
    const queue = tokenKeysFromConfig(loadConfig(issuerSchema, {}));
    const audit = tokenKeysFromConfig(loadConfig(verifierSchema, { NODE_ENV: 'test' }));
    expect(queue.development && audit.development).toBe(true);
    expect(encodeTokenPublicKey(queue.publicKey)).toBe(
      encodeTokenPublicKey(developmentTokenKeys().publicKey),
    );
    const { token } = new TokenIssuer(queue.privateKey!).issue({ subject: 's', role: 'auditor' }, now);
    expect(new TokenVerifier(audit.publicKey).verify(token, now).ok).toBe(true);
  });

  it('refuses a pair that does not match, and an issuer given only the public half', () => {
    const other = encodeTokenPublicKey(generateKeyPairSync('ed25519').publicKey);
    expect(
      problemsOf(() =>
        loadConfig(issuerSchema, { AUTH_TOKEN_PRIVATE_KEY: PRIVATE, AUTH_TOKEN_PUBLIC_KEY: other }),
      ),
    ).toEqual(['AUTH_TOKEN_PUBLIC_KEY: is not the public half of AUTH_TOKEN_PRIVATE_KEY']);
    expect(
      problemsOf(() =>
        loadConfig(issuerSchema, { AUTH_TOKEN_PRIVATE_KEY: PRIVATE, AUTH_TOKEN_PUBLIC_KEY: PUBLIC }),
      ),
    ).toEqual([]);
    expect(problemsOf(() => loadConfig(issuerSchema, { AUTH_TOKEN_PUBLIC_KEY: PUBLIC }))).toEqual([
      expect.stringMatching(/^AUTH_TOKEN_PRIVATE_KEY: required when AUTH_TOKEN_PUBLIC_KEY is set/),
    ]);
  });

  it('names a key that is not an Ed25519 key without echoing it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsaPrivate = rsa.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const problems = problemsOf(() =>
      loadConfig(issuerSchema, {
        AUTH_TOKEN_PRIVATE_KEY: rsaPrivate,
        AUTH_TOKEN_PUBLIC_KEY: 'not-base64-der',
      }),
    );
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'AUTH_TOKEN_PRIVATE_KEY',
      'AUTH_TOKEN_PUBLIC_KEY',
    ]);
    expect(problems.join('\n')).not.toContain(rsaPrivate.slice(10, 40));
    expect(problems.join('\n')).not.toContain('not-base64-der');
  });

  it('keeps staff sessions within a working day and turns lifetimes into seconds', () => {
    expect(loadConfig(issuerSchema, {}).AUTH_STAFF_SESSION_HOURS).toBe(10);
    expect(problemsOf(() => loadConfig(issuerSchema, { AUTH_STAFF_SESSION_HOURS: '24' }))).toEqual([
      expect.stringMatching(/^AUTH_STAFF_SESSION_HOURS:/),
    ]);
    expect(tokenLifetimesFromConfig({ AUTH_STAFF_SESSION_HOURS: 8, AUTH_DEVICE_TOKEN_DAYS: 30 })).toEqual({
      staffSeconds: 8 * 3600,
      deviceSeconds: 30 * 86_400,
    });
  });
});
