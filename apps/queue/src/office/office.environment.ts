import { z } from 'zod';
import type { OfficeModuleOptions } from './office.module';

/** The queue's environment variables about offices and public routes (declared in queue.config.ts). */
export const officeEnvironment = {
  /** Folder of office configuration files (`*.json`), read once at boot; relative to the working directory. */
  OFFICE_CONFIG_DIR: z.string().min(1).default('apps/queue/config/offices'),
  /** Requests one client may make to one public route per window. */
  PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(120),
  PUBLIC_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
};

export function officeModuleOptions(config: {
  OFFICE_CONFIG_DIR: string;
  PUBLIC_RATE_LIMIT: number;
  PUBLIC_RATE_LIMIT_WINDOW_SECONDS: number;
}): OfficeModuleOptions {
  return {
    configDirectory: config.OFFICE_CONFIG_DIR,
    publicRateLimit: {
      limit: config.PUBLIC_RATE_LIMIT,
      windowSeconds: config.PUBLIC_RATE_LIMIT_WINDOW_SECONDS,
    },
  };
}
