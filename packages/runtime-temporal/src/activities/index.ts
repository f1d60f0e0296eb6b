export type { ActivityDeps } from './activity-deps';
export { createActivities } from './create-activities';
export { projectActivity } from './project.activity';
export { runEffectActivity } from './run-effect.activity';
export { createChildrenActivity } from './create-children.activity';
export { loadStateActivity } from './load-state.activity';
export { sealReportActivity } from './seal-report.activity';
