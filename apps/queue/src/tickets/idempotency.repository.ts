import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '@madoguchi/platform';

/** What Redis holds for one Idempotency-Key: a claim while the first request runs, then its answer. */
export type IdempotencyRecord =
  { state: 'pending'; fingerprint: string } | { state: 'done'; fingerprint: string; response: unknown };

/** How long a kiosk may retry a request and get the same ticket back. */
const RETENTION_SECONDS = 24 * 60 * 60;
/** A claim left by a replica that died mid-request stops blocking retries after this long. */
const CLAIM_SECONDS = 30;

@Injectable()
export class IdempotencyRepository {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** True when this request is the first with the key and may go ahead. */
  async claim(scope: string, key: string, fingerprint: string): Promise<boolean> {
    const record: IdempotencyRecord = { state: 'pending', fingerprint };
    const answer = await this.redis.set(
      this.keyOf(scope, key),
      JSON.stringify(record),
      'EX',
      CLAIM_SECONDS,
      'NX',
    );
    return answer === 'OK';
  }

  async find(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const stored = await this.redis.get(this.keyOf(scope, key));
    return stored === null ? undefined : (JSON.parse(stored) as IdempotencyRecord);
  }

  async complete(scope: string, key: string, fingerprint: string, response: unknown): Promise<void> {
    const record: IdempotencyRecord = { state: 'done', fingerprint, response };
    await this.redis.set(this.keyOf(scope, key), JSON.stringify(record), 'EX', RETENTION_SECONDS);
  }

  /** Lets a retry run again, after a refusal or a failure that wrote nothing. */
  async release(scope: string, key: string): Promise<void> {
    await this.redis.del(this.keyOf(scope, key));
  }

  private keyOf(scope: string, key: string): string {
    return `idempotency:${scope}:${key}`;
  }
}
