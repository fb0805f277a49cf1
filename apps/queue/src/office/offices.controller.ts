import { Controller, Get, Inject, Param, UsePipes } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, SchemaValidationPipe } from '@madoguchi/platform';
import { PublicRateLimit } from './http/rate-limit.guard';
import { officeIdParam } from './office.params';
import { OfficesService } from './offices.service';

@ApiTags('offices')
@Controller('offices')
@UsePipes(SchemaValidationPipe)
@Public()
@PublicRateLimit()
export class OfficesController {
  constructor(@Inject(OfficesService) private readonly offices: OfficesService) {}

  @Get()
  @ApiOperation({ summary: 'The offices this queue serves, with their services and counters' })
  @ApiOkResponse({ description: 'Offices' })
  list() {
    return this.offices.list();
  }

  @Get(':officeId')
  @ApiOperation({ summary: "An office's configuration: calendar, cut-off, what to bring, …" })
  @ApiNotFoundResponse({ description: 'No office with this id' })
  get(@Param('officeId', { schema: officeIdParam }) officeId: string) {
    return this.offices.get(officeId);
  }
}
