import { Redis } from 'ioredis';
import type { HealthProbe } from '../health';

export function createRedis(redisUrl: string, keyPrefix: string): Redis {
  // Reconnect forever with a capped back-off: Redis holds nothing that cannot be rebuilt, so the
  // service stays up and reports Redis as down instead of exiting.
  return new Redis(redisUrl, {
    keyPrefix,
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

export function redisProbe(redis: Redis): HealthProbe {
  return {
    name: 'redis',
    async check() {
      const answer = await redis.ping();
      if (answer !== 'PONG') throw new Error(`unexpected PING answer ${String(answer)}`);
    },
  };
}
