import { Controller, Get, Inject, Param, Query, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Public, SchemaValidationPipe } from '@madoguchi/platform';
import { PublicRateLimit } from '../office/http/rate-limit.guard';
import { officeIdParam } from '../office/office.params';
import { calendarQuery, type CalendarQuery } from './calendar.schemas';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@Controller('offices/:officeId/calendar')
@UsePipes(SchemaValidationPipe)
@Public()
@PublicRateLimit()
export class CalendarController {
  constructor(@Inject(CalendarService) private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({
    summary: 'Days in a range (at most 366) with hours and ticket cut-off, or the closed reason',
  })
  @ApiOkResponse({ description: 'The days' })
  @ApiBadRequestResponse({ description: 'A bad date or range (the message names the field)' })
  @ApiNotFoundResponse({ description: 'No such office' })
  days(
    @Param('officeId', { schema: officeIdParam }) officeId: string,
    @Query({ schema: calendarQuery }) query: CalendarQuery,
  ) {
    return this.calendar.calendar(officeId, query);
  }
}
