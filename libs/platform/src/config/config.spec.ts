import { z } from 'zod';
import { commonEnvironment, ConfigError, databaseEnvironment, loadConfig, natsServers } from './config';

const schema = z.object({ ...commonEnvironment, ...databaseEnvironment });

describe('loadConfig: the environment is validated once, at boot', () => {
  it('fills in the defaults of a developer machine', () => {
    const config = loadConfig(schema, {});
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/madoguchi');
    expect(config.NATS_SUBJECT_PREFIX).toBe('');
  });

  it('names every bad variable and never echoes a value, which may be a secret', () => {
    let error: unknown;
    try {
      loadConfig(schema, {
        DATABASE_URL: 'mysql://root:s3cret@db/madoguchi',
        NATS_URL: 'not a url',
        LOG_LEVEL: 'chatty',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'LOG_LEVEL',
      'NATS_URL',
    ]);
    expect(message).not.toContain('s3cret');
  });

  it('takes a NATS cluster as servers separated by commas', () => {
    const config = loadConfig(schema, { NATS_URL: 'nats://nats-1:4222, nats://nats-2:4222' });
    expect(natsServers(config.NATS_URL)).toEqual(['nats://nats-1:4222', 'nats://nats-2:4222']);
    expect(() => loadConfig(schema, { NATS_URL: 'nats://nats-1:4222,http://elsewhere' })).toThrow(
      ConfigError,
    );
  });
});
