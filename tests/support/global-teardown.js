const { Client } = require('pg');

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

module.exports = async function globalTeardown() {
  const database = process.env.MADOGUCHI_TEST_DATABASE;
  if (!database) return;
  delete process.env.MADOGUCHI_TEST_DATABASE; // the int and e2e projects both tear down: drop once
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
};
