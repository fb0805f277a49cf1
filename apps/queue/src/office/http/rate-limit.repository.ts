import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '@madoguchi/platform';

/** Fixed-window request counters in Redis, shared by every replica. */
@Injectable()
export class RateLimitRepository {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Counts one request in the current window; answers the count so far and when the window ends. */
  async hit(key: string, windowSeconds: number): Promise<{ count: number; resetsInMs: number }> {
    const replies = await this.redis
      .multi()
      .set(`rate:${key}`, 0, 'EX', windowSeconds, 'NX')
      .incr(`rate:${key}`)
      .pttl(`rate:${key}`)
      .exec();
    const count = Number(replies?.[1]?.[1] ?? 0);
    const ttl = Number(replies?.[2]?.[1] ?? -1);
    return { count, resetsInMs: ttl > 0 ? ttl : windowSeconds * 1000 };
  }
}
