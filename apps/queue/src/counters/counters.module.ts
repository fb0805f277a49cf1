import { Module } from '@nestjs/common';
import { CountersController } from './counters.controller';
import { CountersService } from './counters.service';

/** The clerk workstation API: counters and the tickets at them. */
@Module({
  controllers: [CountersController],
  providers: [CountersService],
})
export class CountersModule {}
