import { z } from 'zod';
import { commonEnvironment, databaseEnvironment, httpEnvironment, loadConfig } from '@madoguchi/platform';

export const auditEnvironment = z.object({
  ...commonEnvironment,
  ...databaseEnvironment,
  ...httpEnvironment(3002),
});

export type AuditConfig = z.infer<typeof auditEnvironment>;

export function loadAuditConfig(env?: Record<string, string | undefined>): AuditConfig {
  return loadConfig(auditEnvironment, env);
}
