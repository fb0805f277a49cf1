import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, UsePipes } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentSession, Public, Roles, type Session, SchemaValidationPipe } from '@madoguchi/platform';
import { PublicRateLimit } from '../office/http/rate-limit.guard';
import { calendarDateParam, officeIdParam, ticketNumberParam } from '../office/office.params';
import { issueTicketBody, type IssueTicketBody } from './tickets.schemas';
import { TicketsService } from './tickets.service';

@ApiTags('tickets')
@Controller()
@UsePipes(SchemaValidationPipe)
export class TicketsController {
  constructor(@Inject(TicketsService) private readonly tickets: TicketsService) {}

  @Post('offices/:officeId/tickets')
  @HttpCode(201)
  @Roles('kiosk')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Kiosk: issue a ticket (number, place in line, wait, what to bring)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key gets the same ticket',
  })
  @ApiCreatedResponse({ description: 'The ticket' })
  @ApiConflictResponse({
    description: 'Refused now: closed, past the cut-off, wait past closing (with next opening)',
  })
  @ApiUnprocessableEntityResponse({ description: 'Unknown service, applicant missing or not applicable' })
  issue(
    @Param('officeId', { schema: officeIdParam }) officeId: string,
    @Body({ schema: issueTicketBody }) body: IssueTicketBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentSession() session: Session,
  ) {
    return this.tickets.issue(officeId, body, idempotencyKey, session);
  }

  @Get('tickets/:officeId/:date/:ticketNumber')
  @Public()
  @PublicRateLimit()
  @ApiOperation({ summary: 'Public ticket status: place in line, wait, called or not and to which counter' })
  @ApiOkResponse({ description: 'The status; nothing about the resident' })
  @ApiNotFoundResponse({ description: 'No such office or ticket' })
  status(
    @Param('officeId', { schema: officeIdParam }) officeId: string,
    @Param('date', { schema: calendarDateParam }) date: string,
    @Param('ticketNumber', { schema: ticketNumberParam }) ticketNumber: string,
  ) {
    return this.tickets.status(officeId, date, ticketNumber);
  }
}
