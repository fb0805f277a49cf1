import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigError } from '../config';
import { type Clock, CLOCK, systemClock } from './clock';

export interface ClockModuleOptions {
  /** The service's NODE_ENV: only `test` may run on another clock than the system's. */
  nodeEnv: string;
  /** A test's clock, shared by every service it boots; the system clock when absent. */
  clock?: Clock;
}

/** Provides CLOCK to the whole app: the only place a service's code reads the time from. */
@Module({})
export class ClockModule {
  static forRoot(options: ClockModuleOptions): DynamicModule {
    return {
      module: ClockModule,
      global: true,
      providers: [{ provide: CLOCK, useValue: clockFor(options) }],
      exports: [CLOCK],
    };
  }
}

/** The system clock unless a test gave one; a clock other than the system's outside tests stops the boot. */
export function clockFor({ nodeEnv, clock }: ClockModuleOptions): Clock {
  if (clock === undefined || clock === systemClock) return systemClock;
  if (nodeEnv !== 'test') throw new ConfigError(['clock: a controllable clock is for NODE_ENV=test only']);
  return clock;
}
