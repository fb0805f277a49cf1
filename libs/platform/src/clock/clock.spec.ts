import { ConfigError } from '../config';
import { ControllableClock, systemClock } from './clock';
import { clockFor } from './clock.module';

describe('the platform clock', () => {
  it('is the system clock unless a test hands one in', () => {
    expect(clockFor({ nodeEnv: 'production' })).toBe(systemClock);
    expect(clockFor({ nodeEnv: 'development' })).toBe(systemClock);
    expect(clockFor({ nodeEnv: 'test' })).toBe(systemClock);
  });

  it('refuses a controllable clock outside NODE_ENV=test, so no deployment can run on a set time', () => {
    const clock = new ControllableClock('2026-12-01T10:00:00+09:00');
    expect(() => clockFor({ nodeEnv: 'production', clock })).toThrow(ConfigError);
    expect(() => clockFor({ nodeEnv: 'development', clock })).toThrow(/NODE_ENV=test only/);
    expect(clockFor({ nodeEnv: 'test', clock })).toBe(clock);
  });

  it('moves only when told, and hands out copies that cannot move it', () => {
    const clock = new ControllableClock('2026-12-06T03:00:00+09:00');
    const read = clock.now();
    read.setFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-12-05T18:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-12-05T18:01:30.000Z');
    clock.set('2027-01-04T08:30:00+09:00');
    expect(clock.now().toISOString()).toBe('2027-01-03T23:30:00.000Z');
    expect(() => clock.set('not a date')).toThrow(/not an instant/);
  });
});
