import {
  Body,
  Controller,
  Delete,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  UseFilters,
} from '@nestjs/common';
import type { Actor } from '@madoguchi/domain';
import { CurrentActor, Roles } from '@madoguchi/platform';
import { DeviceService, type RegisteredDevice } from './device.service';
import { StaffErrorFilter } from './staff.errors';
import { deviceId, type NewDeviceInput, newDeviceBody } from './staff.inputs';
import { ZodValidationPipe } from './zod-validation.pipe';

@Controller('devices')
@UseFilters(StaffErrorFilter)
export class DeviceController {
  constructor(@Inject(DeviceService) private readonly devices: DeviceService) {}

  /** A supervisor registers a kiosk or a display; the answer carries its token, shown this once. */
  @Post()
  @Roles('supervisor')
  register(
    @Body(new ZodValidationPipe(newDeviceBody)) input: NewDeviceInput,
    @CurrentActor() actor: Actor,
  ): Promise<RegisteredDevice> {
    return this.devices.register(input, actor);
  }

  /** Revokes the device's token from the next request on; 404 for an unknown device. */
  @Delete(':id')
  @Roles('supervisor')
  @HttpCode(HttpStatus.NO_CONTENT)
  revoke(
    @Param('id', new ZodValidationPipe(deviceId, 'id')) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.devices.revoke(id, actor);
  }
}
