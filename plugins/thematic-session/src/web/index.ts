// Node-side web pages of the thematic-session plugin (`@chibo/plugin-thematic-session/web`); the main entry never
// imports them (it is bundled into the Temporal workflows).
import { join } from 'node:path';
import { defineWebContribution } from '@chibo/host';
import { THEMATIC_EN, THEMATIC_VI } from './messages';
import { scorePage } from './score.page';
import { votePage } from './vote.page';

export { scorePage, scoreInput, scoreResult, type ScoreValues } from './score.page';
export { votePage, voteInput, voteTally, type VoteValues } from './vote.page';

/** The pages of the session record, the score sheet and the vote, their partials (`thematic/…`) and words. */
export const thematicSessionWeb = defineWebContribution({
  plugin: 'thematic',
  views: join(__dirname, 'views'),
  messages: { vi: THEMATIC_VI, en: THEMATIC_EN },
  pages: [scorePage, votePage],
});
