import { Pool } from 'pg';
import type { HealthProbe } from '../health';

export function createPostgresPool(databaseUrl: string, applicationName: string): Pool {
  // Small on purpose: the event store gets its own TypeORM data source; this pool serves probes.
  return new Pool({ connectionString: databaseUrl, max: 2, application_name: applicationName });
}

export function postgresProbe(pool: Pool): HealthProbe {
  return {
    name: 'postgres',
    async check() {
      await pool.query('SELECT 1');
    },
  };
}
