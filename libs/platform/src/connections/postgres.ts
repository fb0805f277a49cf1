import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { HealthProbe } from '../health';

export function createPostgresPool(databaseUrl: string, applicationName: string): Pool {
  // Small on purpose: the event store gets its own TypeORM data source; this pool serves probes.
  const pool = new Pool({ connectionString: databaseUrl, max: 2, application_name: applicationName });
  // An idle client cut off by a database restart emits 'error' on the pool; unheard, that event would
  // crash the process (found by the R3 fault test). The pool drops the client and the next probe reconnects.
  pool.on('error', (error) => new Logger('postgres').warn(`idle connection lost: ${error.message}`));
  return pool;
}

export function postgresProbe(pool: Pool): HealthProbe {
  return {
    name: 'postgres',
    async check() {
      await pool.query('SELECT 1');
    },
  };
}
