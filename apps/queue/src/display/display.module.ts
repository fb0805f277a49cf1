import { Module } from '@nestjs/common';
import { DisplayBusRepository } from './display-bus.repository';
import { DisplayController } from './display.controller';
import { DisplayService } from './display.service';
import { DisplaySnapshotRepository } from './display-snapshot.repository';

/** The display feed: snapshots in Redis, calls fanned out to every replica's screens. */
@Module({
  controllers: [DisplayController],
  providers: [DisplayService, DisplaySnapshotRepository, DisplayBusRepository],
})
export class DisplayModule {}
