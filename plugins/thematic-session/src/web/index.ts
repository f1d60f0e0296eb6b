// Node-side web pages of the thematic-session plugin (`@chibo/plugin-thematic-session/web`); the main entry never
// imports them (it is bundled into the Temporal workflows).
import { join } from 'node:path';
import { defineWebContribution } from '@chibo/host';
import { THEMATIC_EN, THEMATIC_VI } from './messages';
import { scorePage } from './score.page';
import { sessionPage } from './session.page';
import { votePage } from './vote.page';

export { sessionPage, sessionInput, attendanceSummary, memberByName, type SessionValues } from './session.page';
export { scorePage, scoreInput, scoreResult, type ScoreValues } from './score.page';
export { votePage, voteInput, voteTally, type VoteValues } from './vote.page';

/** The pages of the session record, the score sheet and the vote, their partials (`thematic/…`) and words. */
export const thematicSessionWeb = defineWebContribution({
  plugin: 'thematic',
  views: join(__dirname, 'views'),
  messages: { vi: THEMATIC_VI, en: THEMATIC_EN },
  pages: [sessionPage, scorePage, votePage],
  params: {
    'thematic:plan': { issueDocument: { label: 'thematic.param.issueDocument' } },
    'thematic:review-draft': { reviseStep: { label: 'thematic.param.reviseStep' } },
    'thematic:convene': { issueNotice: { label: 'thematic.param.issueNotice' }, minNoticeHours: { label: 'thematic.param.minNoticeHours', hint: 'thematic.param.minNoticeHoursHint' } },
    'thematic:hold-session': {
      minMinutes: { label: 'thematic.param.minMinutes' },
      minMinutesCombined: { label: 'thematic.param.minMinutesCombined' },
      combined: { label: 'thematic.param.combined' },
      attendanceThreshold: { label: 'thematic.param.attendanceThreshold', hint: 'thematic.param.attendanceThresholdHint', unit: 'percent' },
      draftApproval: {
        label: 'thematic.param.draftApproval',
        options: { required: 'thematic.param.draftApproval.required', finding: 'thematic.param.draftApproval.finding', none: 'thematic.param.draftApproval.none' },
      },
      minDraftHours: { label: 'thematic.param.minDraftHours' },
    },
    'thematic:resolution': {
      threshold: { label: 'thematic.param.threshold', hint: 'thematic.param.thresholdHint', unit: 'percent' },
      rule: { label: 'thematic.param.rule', options: { 'more-than-half': 'thematic.param.rule.more-than-half', 'two-thirds': 'thematic.param.rule.two-thirds' } },
      issueMinutes: { label: 'thematic.param.issueMinutes' },
    },
    'thematic:report': { reminderDaysBefore: { label: 'thematic.param.reminderDaysBefore' } },
  },
});
