import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** The office calendar for screens and kiosks. */
@Module({ controllers: [CalendarController], providers: [CalendarService] })
export class CalendarModule {}
