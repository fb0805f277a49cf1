// Each test run gets its own Postgres database, NATS subject prefix, JetStream stream name and Redis key
// prefix, so runs that share this machine's servers never see each other's data (house style, rule 10).
const { Client } = require('pg');
const { randomBytes } = require('node:crypto');

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

module.exports = async function globalSetup() {
  if (process.env.MADOGUCHI_TEST_RUN_ID) return; // the int and e2e projects share one run's servers
  const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const database = `madoguchi_${runId}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  process.env.MADOGUCHI_TEST_RUN_ID = runId;
  process.env.MADOGUCHI_TEST_DATABASE = database;
  process.env.MADOGUCHI_TEST_DATABASE_URL = url.toString();
  process.env.MADOGUCHI_TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
  process.env.MADOGUCHI_TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
};
