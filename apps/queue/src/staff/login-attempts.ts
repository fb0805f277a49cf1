import { Inject, Injectable, Logger } from '@nestjs/common';
import { REDIS } from '@madoguchi/platform';
import type { Redis } from 'ioredis';

export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;

/**
 * Failed sign-ins per login, counted in Redis so that every queue replica sees them: after
 * LOGIN_FAILURE_LIMIT failures the login is locked until its window (started by the first failure) ends.
 * Unknown logins are counted like real ones, so a lock tells nothing about which logins exist.
 * Redis being down must not keep the counter from working: the count is then skipped, not the sign-in.
 */
@Injectable()
export class LoginAttempts {
  private readonly logger = new Logger(LoginAttempts.name);

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  private key(login: string): string {
    return `auth:login-failures:${login}`;
  }

  /** Seconds until the login may try again, or 0 when it may now. */
  async lockedFor(login: string): Promise<number> {
    try {
      const [count, ttl] = await Promise.all([
        this.redis.get(this.key(login)),
        this.redis.ttl(this.key(login)),
      ]);
      return Number(count ?? 0) >= LOGIN_FAILURE_LIMIT ? Math.max(ttl, 1) : 0;
    } catch (error) {
      this.unavailable(error);
      return 0;
    }
  }

  async recordFailure(login: string): Promise<void> {
    try {
      // SET NX starts the window with the first failure; INCR keeps the TTL it set.
      await this.redis
        .multi()
        .set(this.key(login), 0, 'EX', LOGIN_FAILURE_WINDOW_SECONDS, 'NX')
        .incr(this.key(login))
        .exec();
    } catch (error) {
      this.unavailable(error);
    }
  }

  async clear(login: string): Promise<void> {
    try {
      await this.redis.del(this.key(login));
    } catch (error) {
      this.unavailable(error);
    }
  }

  private unavailable(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`login failures not counted: Redis unavailable (${reason})`);
  }
}
