import { DataSource, type MixedList } from 'typeorm';
import { EventStore1764000000000 } from './migrations/1764000000000-event-store';
import { Quarantine1764000000001 } from './migrations/1764000000001-quarantine';

/**
 * Migrations every service database has: the event store (which is also the outbox) and the
 * quarantine of messages a JetStream consumer could not handle.
 */
export const PLATFORM_MIGRATIONS = [EventStore1764000000000, Quarantine1764000000001];

export interface ServiceDatabaseOptions {
  url: string;
  applicationName: string;
  /** The service's own migrations, run after the platform's. */
  migrations?: MixedList<string | (new () => unknown)>;
  poolSize?: number;
}

/**
 * One data source per service database. Schema comes from migrations only (never `synchronize`),
 * run by `openServiceDatabase`.
 */
export function createServiceDataSource(options: ServiceDatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    migrations: [...PLATFORM_MIGRATIONS, ...((options.migrations as (new () => unknown)[]) ?? [])],
    extra: { max: options.poolSize ?? 10 },
    // TypeORM's logger prints failed queries with their parameters; errors reach our own logger instead.
    logging: false,
  });
}

const MIGRATION_LOCK = 'madoguchi:migrations';

/**
 * Connects and applies pending migrations. Replicas (and parallel test files) starting together would
 * race to create the same tables, so migrations run under an advisory lock: one migrates, the others
 * wait and then find nothing left to do.
 */
export async function openServiceDatabase(options: ServiceDatabaseOptions): Promise<DataSource> {
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [MIGRATION_LOCK]);
    }
  } catch (error) {
    await runner.release();
    await dataSource.destroy();
    throw error;
  }
  await runner.release();
  return dataSource;
}
