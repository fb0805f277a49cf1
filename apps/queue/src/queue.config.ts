import { z } from 'zod';
import {
  commonEnvironment,
  databaseEnvironment,
  eventStreamEnvironment,
  httpEnvironment,
  loadConfig,
  redisEnvironment,
  tokenIssuerEnvironment,
  tokenKeyRules,
} from '@madoguchi/platform';
import { officeEnvironment } from './office/office.environment';

export const queueEnvironment = z.object({
  ...commonEnvironment,
  ...databaseEnvironment,
  ...eventStreamEnvironment,
  ...redisEnvironment,
  ...httpEnvironment(3000),
  ...tokenIssuerEnvironment,
  ...officeEnvironment,
});

export type QueueConfig = z.infer<typeof queueEnvironment>;

export function loadQueueConfig(env?: Record<string, string | undefined>): QueueConfig {
  return loadConfig(queueEnvironment.superRefine(tokenKeyRules('issuer')), env);
}
