import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A database of its own for a test that needs the whole event store to itself (a relay, a projection
 * replay), created on the run's server and dropped by `drop()`.
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const runUrl = process.env.MADOGUCHI_TEST_DATABASE_URL;
  if (!runUrl) throw new Error('MADOGUCHI_TEST_DATABASE_URL is not set: run through jest (global setup)');
  const name = `${new URL(runUrl).pathname.slice(1)}_${randomBytes(3).toString('hex')}`;
  await withAdmin(runUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(runUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(runUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function withAdmin(runUrl: string, work: (admin: Client) => Promise<unknown>): Promise<void> {
  const adminUrl = new URL(runUrl);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}
