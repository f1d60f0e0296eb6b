// Node-side web pages of the self-criticism plugin (`@chibo/plugin-self-criticism/web`); the main entry never imports them.
import { join } from 'node:path';
import { defineWebContribution } from '@chibo/host';
import { assessPage } from './assess.page';
import { SELF_CRITICISM_EN, SELF_CRITICISM_VI } from './messages';

export { assessPage, type AssessValues } from './assess.page';

/** The self-assessment page, its partial (`self-criticism/assess`) and its words. */
export const selfCriticismWeb = defineWebContribution({
  plugin: 'self-criticism',
  views: join(__dirname, 'views'),
  messages: { vi: SELF_CRITICISM_VI, en: SELF_CRITICISM_EN },
  pages: [assessPage],
  params: { 'self-criticism:self-assess': { dueDays: { label: 'self-criticism.param.dueDays' }, remindDays: { label: 'self-criticism.param.remindDays' } } },
});
