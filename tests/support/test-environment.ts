import { randomBytes } from 'node:crypto';

/** The servers of this test run (see global-setup.js) and fresh names for one test's own data. */
export function testEnvironment(): Record<string, string> {
  const runId = required('MADOGUCHI_TEST_RUN_ID');
  const testId = `${runId}${randomBytes(2).toString('hex')}`;
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: required('MADOGUCHI_TEST_DATABASE_URL'),
    NATS_URL: required('MADOGUCHI_TEST_NATS_URL'),
    REDIS_URL: required('MADOGUCHI_TEST_REDIS_URL'),
    NATS_SUBJECT_PREFIX: `${testId}.`,
    JETSTREAM_STREAM: `MADOGUCHI_${testId}`,
    REDIS_KEY_PREFIX: `madoguchi-test:${testId}:`,
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the int/e2e tests through jest (global setup)`);
  return value;
}
