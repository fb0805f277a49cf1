import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, tokenKeysFromConfig, tokenLifetimesFromConfig } from '@madoguchi/platform';
import type { QueueConfig } from '../queue.config';
import { AuthController } from './auth.controller';
import { DeviceController } from './device.controller';
import { DeviceRepository } from './device.repository';
import { DeviceService } from './device.service';
import { LoginAttempts } from './login-attempts';
import { PasswordHasher } from './password-hasher';
import { SessionService } from './session.service';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

/**
 * Staff and devices: sign-in, accounts, the device registry, and (through AuthModule) the global guard
 * that checks the role of every route of the queue app.
 */
@Module({})
export class StaffModule {
  static forRoot(config: QueueConfig): DynamicModule {
    return {
      module: StaffModule,
      imports: [
        AuthModule.forRoot({
          keys: tokenKeysFromConfig(config),
          lifetimes: tokenLifetimesFromConfig(config),
          deviceTokenRevocations: DeviceRepository,
        }),
      ],
      controllers: [AuthController, StaffController, DeviceController],
      providers: [
        { provide: PasswordHasher, useValue: new PasswordHasher() },
        StaffRepository,
        DeviceRepository,
        LoginAttempts,
        StaffService,
        SessionService,
        DeviceService,
      ],
      exports: [StaffService],
    };
  }
}
