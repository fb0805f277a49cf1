import { Body, Controller, Inject, Post, UseFilters } from '@nestjs/common';
import type { Actor } from '@madoguchi/domain';
import { CurrentActor, Roles } from '@madoguchi/platform';
import { StaffErrorFilter } from './staff.errors';
import { type NewStaffInput, newStaffBody } from './staff.inputs';
import type { StaffAccount } from './staff.repository';
import { StaffService } from './staff.service';
import { ZodValidationPipe } from './zod-validation.pipe';

@Controller('staff')
@UseFilters(StaffErrorFilter)
export class StaffController {
  constructor(@Inject(StaffService) private readonly staff: StaffService) {}

  /** A supervisor creates a clerk, an auditor or another supervisor; 409 when the login is taken. */
  @Post()
  @Roles('supervisor')
  create(
    @Body(new ZodValidationPipe(newStaffBody)) input: NewStaffInput,
    @CurrentActor() actor: Actor,
  ): Promise<StaffAccount> {
    return this.staff.createStaff(input, actor);
  }
}
