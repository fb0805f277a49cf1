import { Controller, Get, Headers, Inject, Param, Sse, UsePipes } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, SchemaValidationPipe } from '@madoguchi/platform';
import { PublicRateLimit } from '../office/http/rate-limit.guard';
import { officeIdParam } from '../office/office.params';
import { DisplayService } from './display.service';

/** Display screens: public, like the screen on the wall (ticket numbers and counters only). */
@ApiTags('display')
@ApiNotFoundResponse({ description: 'No such office' })
@Controller('offices/:officeId/display')
@UsePipes(SchemaValidationPipe)
@Public()
@PublicRateLimit()
export class DisplayController {
  constructor(@Inject(DisplayService) private readonly display: DisplayService) {}

  @Get()
  @ApiOperation({
    summary: "Today's screen: last calls with counters, each line's wait, hours or closed notice",
  })
  @ApiOkResponse({ description: 'The snapshot' })
  snapshot(@Param('officeId', { schema: officeIdParam }) officeId: string) {
    return this.display.snapshot(officeId);
  }

  @Sse('events')
  @ApiOperation({
    summary: 'Server-Sent Events: `snapshot` first, then `call` and `snapshot` as they happen',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event: missed calls first',
  })
  events(
    @Param('officeId', { schema: officeIdParam }) officeId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
  ) {
    return this.display.feed(officeId, lastEventId);
  }
}
