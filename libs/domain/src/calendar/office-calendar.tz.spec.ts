/**
 * @jest-environment <rootDir>/tests/support/time-zone-forwarding.environment.ts
 */
import fc from 'fast-check';
import {
  addDays,
  isOpenAt,
  nationalHoliday,
  nextOpenDay,
  nextOpening,
  openingHours,
  ticketingCutoff,
  tokyoDateOf,
  tokyoInstant,
} from '@madoguchi/domain';

// Zones on both sides of Tokyo, the date line's far side, and one with daylight saving on each hemisphere's clock.
const ZONES = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Tokyo', 'Europe/London'] as const;

/**
 * Runs `fn` with the process's TZ set to `zone`. Node re-reads TZ whenever it is assigned; the test
 * environment named above is what lets the assignment reach Node from inside Jest.
 */
function inZone<T>(zone: string, fn: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

function inEveryZone<T>(fn: () => T): T[] {
  return ZONES.map((zone) => inZone(zone, fn));
}

function everythingAbout(instant: Date): unknown {
  const date = tokyoDateOf(instant);
  return {
    date,
    hours: openingHours(date),
    open: isOpenAt(instant),
    next: nextOpening(instant).toISOString(),
    nextOpenDay: nextOpenDay(date),
    cutoff: ticketingCutoff(date)?.toISOString(),
    holiday: nationalHoliday(date),
  };
}

const FIRST_DAY = '2024-12-01';
const anyDay = fc.integer({ min: 0, max: 3 * 366 + 60 }).map((offset) => addDays(FIRST_DAY, offset));
// Times a local-time bug would trip over: around midnight and the counter's own boundaries.
const edgyTime = fc.constantFrom(
  '00:00',
  '08:29',
  '08:30',
  '11:59',
  '12:00',
  '14:59',
  '15:00',
  '17:14',
  '17:15',
  '23:59',
);
const anyInstant = fc.oneof(
  fc.date({
    min: new Date('2024-12-01T00:00:00Z'),
    max: new Date('2028-01-31T00:00:00Z'),
    noInvalidDate: true,
  }),
  fc
    .tuple(anyDay, edgyTime, fc.integer({ min: 0, max: 59_999 }))
    .map(([day, time, ms]) => new Date(tokyoInstant(day, time).getTime() + ms)),
);

describe('opening hours never depend on TZ (domain.md §4)', () => {
  it('given the test harness, when TZ is switched at run time, then local time really changes', () => {
    const epoch = new Date(0);
    expect(inZone('UTC', () => epoch.getHours())).toBe(0);
    expect(inZone('Asia/Tokyo', () => epoch.getHours())).toBe(9);
    expect(inZone('America/Los_Angeles', () => epoch.getHours())).toBe(16);
  });

  it('given any instant, when every answer is computed in each zone, then the answers are identical', () => {
    fc.assert(
      fc.property(anyInstant, (instant) => {
        const [first, ...others] = inEveryZone(() => everythingAbout(instant));
        for (const other of others) expect(other).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('given any calendar day, when its hours are computed in each zone, then the answers are identical', () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        const [first, ...others] = inEveryZone(() => ({
          hours: openingHours(date),
          holiday: nationalHoliday(date),
          cutoff: ticketingCutoff(date)?.toISOString(),
        }));
        for (const other of others) expect(other).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });
});
