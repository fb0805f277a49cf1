/** What every service reads the time from: the system clock in production, one clock a test sets in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The Nest token of the service's one clock (see ClockModule). */
export const CLOCK = Symbol('CLOCK');

/**
 * A clock that tests set to fixed instants (a Sunday, a holiday, 09:00 then 09:12). One instance is handed
 * to every service a test boots (queue, card gateway, audit), so they stamp, judge and check tokens at
 * the same instant and no test depends on when it runs. ClockModule refuses it outside NODE_ENV=test.
 */
export class ControllableClock implements Clock {
  private instant: Date;

  constructor(instant: Date | string) {
    this.instant = ControllableClock.parse(instant);
  }

  now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date | string): void {
    this.instant = ControllableClock.parse(instant);
  }

  advance(milliseconds: number): void {
    this.instant = new Date(this.instant.getTime() + milliseconds);
  }

  private static parse(instant: Date | string): Date {
    const parsed = new Date(instant);
    if (Number.isNaN(parsed.getTime())) throw new Error('ControllableClock: not an instant');
    return parsed;
  }
}
