import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { CalendarDate } from '@madoguchi/domain';
import { REDIS } from '@madoguchi/platform';
import type { DisplaySnapshot } from './display-snapshot';

/** A snapshot outlives its day a little, so a screen left on overnight still finds yesterday's. */
const SNAPSHOT_SECONDS = 2 * 24 * 60 * 60;

/**
 * Stores the snapshot only when it is newer than the one already there: replicas rebuild snapshots
 * concurrently and the slower one must not put an older picture back.
 */
const SAVE_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and type(decoded) == 'table' and tonumber(decoded.version) ~= nil
     and tonumber(decoded.version) >= tonumber(ARGV[1]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;

@Injectable()
export class DisplaySnapshotRepository {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async find(officeId: string, date: CalendarDate): Promise<DisplaySnapshot | undefined> {
    const stored = await this.redis.get(this.keyOf(officeId, date));
    return stored === null ? undefined : (JSON.parse(stored) as DisplaySnapshot);
  }

  /** True when stored; false when a snapshot as new or newer was already there. */
  async saveIfNewer(snapshot: DisplaySnapshot): Promise<boolean> {
    const stored = await this.redis.eval(
      SAVE_IF_NEWER,
      1,
      this.keyOf(snapshot.officeId, snapshot.date),
      snapshot.version,
      JSON.stringify(snapshot),
      SNAPSHOT_SECONDS,
    );
    return stored === 1;
  }

  private keyOf(officeId: string, date: CalendarDate): string {
    return `display:snapshot:${officeId}:${date}`;
  }
}
