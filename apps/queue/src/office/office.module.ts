import { type DynamicModule, Module } from '@nestjs/common';
import { CLOCK, type Clock, DATA_SOURCE, SchemaValidationPipe } from '@madoguchi/platform';
import type { DataSource } from 'typeorm';
import { PublicRateLimitGuard, RATE_LIMIT_OPTIONS, type RateLimitOptions } from './http/rate-limit.guard';
import { RateLimitRepository } from './http/rate-limit.repository';
import type { Office } from './office';
import { loadOffices } from './office-config.loader';
import { OFFICES, OfficeDirectory } from './office-directory';
import { OfficeDayRepository } from './office-day.repository';
import { OfficeDayStore } from './office-day.store';
import { OfficesController } from './offices.controller';
import { OfficesService } from './offices.service';

export interface OfficeModuleOptions {
  /** Folder of office configuration files (OFFICE_CONFIG_DIR). */
  configDirectory: string;
  publicRateLimit: RateLimitOptions;
}

/**
 * Offices as configuration, loaded and checked once at boot (a bad file stops the boot), and what every
 * part of the queue shares about them: the OfficeDay streams, input validation, public rate limits.
 */
@Module({})
export class OfficeModule {
  static forRoot(options: OfficeModuleOptions): DynamicModule {
    // Read while the module graph is declared, before any connection opens: a bad file stops the boot here.
    const offices = loadOffices(options.configDirectory);
    return {
      module: OfficeModule,
      global: true,
      controllers: [OfficesController],
      providers: [
        { provide: OFFICES, useValue: offices },
        {
          provide: OfficeDirectory,
          inject: [OFFICES],
          useFactory: (offices: Office[]) => new OfficeDirectory(offices),
        },
        { provide: RATE_LIMIT_OPTIONS, useValue: options.publicRateLimit },
        RateLimitRepository,
        PublicRateLimitGuard,
        SchemaValidationPipe,
        {
          provide: OfficeDayStore,
          inject: [DATA_SOURCE, CLOCK],
          useFactory: (dataSource: DataSource, clock: Clock) => new OfficeDayStore(dataSource, clock),
        },
        OfficeDayRepository,
        OfficesService,
      ],
      exports: [
        OfficeDirectory,
        RateLimitRepository,
        PublicRateLimitGuard,
        RATE_LIMIT_OPTIONS,
        SchemaValidationPipe,
        OfficeDayRepository,
      ],
    };
  }
}
