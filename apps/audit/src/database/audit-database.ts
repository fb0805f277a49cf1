import { createServiceDataSource, openServiceDatabase } from '@madoguchi/platform';
import type { DataSource } from 'typeorm';
import { AuditLog1765000000000 } from './migrations/1765000000000-audit-log';

export const AUDIT_MIGRATIONS = [AuditLog1765000000000];

export interface AuditDatabaseUrls {
  /** The owner's connection: runs the migrations. */
  DATABASE_URL: string;
  /** The connection the app works through afterwards, as a member of madoguchi_audit_writer. */
  AUDIT_WRITER_DATABASE_URL?: string | undefined;
}

/** The URL everything but the migrations uses. */
export function workingDatabaseUrl(urls: AuditDatabaseUrls): string {
  return urls.AUDIT_WRITER_DATABASE_URL ?? urls.DATABASE_URL;
}

/**
 * Migrates the audit database as its owner, then, when a writer connection is configured, hands back a
 * data source on that one instead: the app then cannot change what it wrote even if it tried.
 */
export async function openAuditDatabase(urls: AuditDatabaseUrls, poolSize = 10): Promise<DataSource> {
  const owner = await openServiceDatabase({
    url: urls.DATABASE_URL,
    applicationName: 'madoguchi-audit',
    migrations: AUDIT_MIGRATIONS,
    poolSize,
  });
  if (!urls.AUDIT_WRITER_DATABASE_URL) return owner;
  await owner.destroy();
  const writer = createServiceDataSource({
    url: urls.AUDIT_WRITER_DATABASE_URL,
    applicationName: 'madoguchi-audit',
    poolSize,
  });
  await writer.initialize();
  return writer;
}
