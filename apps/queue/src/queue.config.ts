import { z } from 'zod';
import {
  commonEnvironment,
  databaseEnvironment,
  eventStreamEnvironment,
  httpEnvironment,
  loadConfig,
  redisEnvironment,
} from '@madoguchi/platform';

export const queueEnvironment = z.object({
  ...commonEnvironment,
  ...databaseEnvironment,
  ...eventStreamEnvironment,
  ...redisEnvironment,
  ...httpEnvironment(3000),
});

export type QueueConfig = z.infer<typeof queueEnvironment>;

export function loadQueueConfig(env?: Record<string, string | undefined>): QueueConfig {
  return loadConfig(queueEnvironment, env);
}
