import { Module } from '@nestjs/common';
import { CalendarPagesController } from './calendar-pages.controller';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** A cell's calendar: its year (schedule, annual thematic plan, sessions), the committee's view, the iCalendar feed. */
@Module({ controllers: [CalendarController, CalendarPagesController], providers: [CalendarService], exports: [CalendarService] })
export class CalendarModule {}
