import { Module } from '@nestjs/common';
import { IdempotencyRepository } from './idempotency.repository';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

/** The kiosk (issuing tickets, idempotently) and the public ticket status. */
@Module({
  controllers: [TicketsController],
  providers: [TicketsService, IdempotencyRepository],
})
export class TicketsModule {}
