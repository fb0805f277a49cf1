import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, encodeTokenPrivateKey } from '@madoguchi/platform';
import { loadQueueConfig } from '../queue.config';

describe('queue configuration: session-token keys', () => {
  it('refuses to start in production without AUTH_TOKEN_PRIVATE_KEY', () => {
    expect(() => loadQueueConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadQueueConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_TOKEN_PRIVATE_KEY: required/);
  });

  it('starts in production with a key, and in development without one', () => {
    const key = encodeTokenPrivateKey(generateKeyPairSync('ed25519').privateKey);
    expect(
      loadQueueConfig({ NODE_ENV: 'production', AUTH_TOKEN_PRIVATE_KEY: key }).AUTH_TOKEN_PRIVATE_KEY,
    ).toBe(key);
    expect(loadQueueConfig({}).AUTH_TOKEN_PRIVATE_KEY).toBeUndefined();
  });
});
