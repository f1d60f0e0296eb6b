import { Module } from '@nestjs/common';
import { MemberRecordService } from './member-record.service';
import { ScoreSheetsService } from './score-sheets.service';
import { YearController } from './year.controller';
import { YearPagesController } from './year-pages.controller';
import { YearRatingsService } from './year-ratings.service';
import { WebAuthGuard } from '../web/session/web-auth.guard';

/** A cell's year: year ratings and the committee's rule, committee score sheets, a member's own record (API and pages). */
@Module({
  controllers: [YearController, YearPagesController],
  providers: [YearRatingsService, ScoreSheetsService, MemberRecordService, WebAuthGuard],
  exports: [YearRatingsService, ScoreSheetsService],
})
export class YearModule {}
