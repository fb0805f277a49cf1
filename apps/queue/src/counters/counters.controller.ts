import { Body, Controller, Get, HttpCode, Inject, Param, Post, UsePipes } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@madoguchi/domain';
import { CurrentActor, Roles, SchemaValidationPipe } from '@madoguchi/platform';
import { counterIdParam, officeIdParam, ticketNumberParam } from '../office/office.params';
import {
  noBody,
  openCounterBody,
  type OpenCounterBody,
  transferBody,
  type TransferBody,
} from './counters.schemas';
import { CountersService } from './counters.service';

const office = () => Param('officeId', { schema: officeIdParam });
const counter = () => Param('counterId', { schema: counterIdParam });
const empty = () => Body({ schema: noBody });

/** The clerk workstation. Every command answers 200 with the counter and ticket after it, or 409/422. */
@ApiTags('counters')
@ApiBearerAuth()
@ApiConflictResponse({ description: "The day's state refuses the command now (code in refusal.code)" })
@ApiNotFoundResponse({ description: 'No such office or counter' })
@Controller('offices/:officeId')
@UsePipes(SchemaValidationPipe)
@Roles('clerk', 'supervisor')
export class CountersController {
  constructor(@Inject(CountersService) private readonly counters: CountersService) {}

  @Get('counters')
  @ApiOperation({ summary: "Today's counters, the ticket at each, and every line with its wait" })
  @ApiOkResponse({ description: 'The office floor' })
  floor(@office() officeId: string) {
    return this.counters.floor(officeId);
  }

  @Post('counters/:counterId/open')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open a counter for some services (its configured services by default)' })
  open(
    @office() officeId: string,
    @counter() counterId: string,
    @Body({ schema: openCounterBody }) body: OpenCounterBody,
    @CurrentActor() actor: Actor,
  ) {
    return this.counters.open(officeId, counterId, body, actor);
  }

  @Post('counters/:counterId/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a counter (refused while a ticket is at it)' })
  close(
    @office() officeId: string,
    @counter() counterId: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.counters.close(officeId, counterId, actor);
  }

  @Post('counters/:counterId/call-next')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call the next ticket in line to this counter' })
  callNext(
    @office() officeId: string,
    @counter() counterId: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.counters.callNext(officeId, counterId, actor);
  }

  @Post('counters/:counterId/recall')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call the ticket at this counter again' })
  recall(
    @office() officeId: string,
    @counter() counterId: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.counters.recall(officeId, counterId, actor);
  }

  @Post('counters/:counterId/no-show')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give up on the ticket at this counter after enough calls' })
  noShow(
    @office() officeId: string,
    @counter() counterId: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.counters.noShow(officeId, counterId, actor);
  }

  @Post('counters/:counterId/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'The resident has arrived: start serving' })
  start(
    @office() officeId: string,
    @counter() counterId: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.counters.start(officeId, counterId, actor);
  }

  @Post('counters/:counterId/finish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finish serving (the time taken feeds the wait estimates)' })
  finish(
    @office() officeId: string,
    @counter() counterId: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.counters.finish(officeId, counterId, actor);
  }

  @Post('counters/:counterId/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: "Move the ticket at this counter to another service's line" })
  transfer(
    @office() officeId: string,
    @counter() counterId: string,
    @Body({ schema: transferBody }) body: TransferBody,
    @CurrentActor() actor: Actor,
  ) {
    return this.counters.transfer(officeId, counterId, body, actor);
  }

  @Post('counters/:counterId/hold')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put the ticket at this counter on hold (the resident fetches a document)' })
  hold(
    @office() officeId: string,
    @counter() counterId: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.counters.hold(officeId, counterId, actor);
  }

  @Post('tickets/:ticketNumber/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'A held ticket goes back into its line' })
  returnFromHold(
    @office() officeId: string,
    @Param('ticketNumber', { schema: ticketNumberParam }) ticketNumber: string,
    @empty() _body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.counters.returnFromHold(officeId, ticketNumber, actor);
  }
}
