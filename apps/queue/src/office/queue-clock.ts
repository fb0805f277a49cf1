import type { Clock } from '@madoguchi/platform';

/** The clock every decision of the queue reads (the platform's CLOCK unless tests drive it). */
export const QUEUE_CLOCK = Symbol('QUEUE_CLOCK');

/**
 * A clock that tests set to fixed instants (a Sunday, a holiday, 09:00 then 09:12), so no domain decision
 * in a test depends on when it runs. Only with QUEUE_CLOCK=controllable, which NODE_ENV=test alone allows.
 */
export class ControllableClock implements Clock {
  constructor(private instant: Date) {}

  now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date | string): void {
    const next = new Date(instant);
    if (Number.isNaN(next.getTime())) throw new Error('ControllableClock.set: not an instant');
    this.instant = next;
  }

  advance(milliseconds: number): void {
    this.instant = new Date(this.instant.getTime() + milliseconds);
  }
}
