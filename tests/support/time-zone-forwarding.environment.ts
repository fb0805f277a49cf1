/**
 * Jest test environment for specs that switch the process's time zone (test tooling, not domain code).
 *
 * Jest gives each test file its own copy of `process.env` (jestjs/jest#9856), so `process.env.TZ = …`
 * inside a test never reaches Node, which re-reads the zone only when the real `process.env.TZ` is
 * assigned; the zones would silently never change. This environment forwards `TZ`, and nothing else, to
 * the real environment, and puts the original zone back afterwards so later files in the worker run as before.
 */
import NodeEnvironment from 'jest-environment-node';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';

function setRealTimeZone(zone: string | undefined): void {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
}

export default class TimeZoneForwardingEnvironment extends NodeEnvironment {
  private readonly originalTimeZone = process.env.TZ;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.global.process.env = new Proxy(this.global.process.env, {
      set(target, key, value: unknown, receiver) {
        if (key === 'TZ') setRealTimeZone(String(value));
        return Reflect.set(target, key, value, receiver);
      },
      deleteProperty(target, key) {
        if (key === 'TZ') setRealTimeZone(undefined);
        return Reflect.deleteProperty(target, key);
      },
    });
  }

  override async teardown(): Promise<void> {
    setRealTimeZone(this.originalTimeZone);
    await super.teardown();
  }
}
