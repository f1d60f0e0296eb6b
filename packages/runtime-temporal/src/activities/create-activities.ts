import type { ProcedureActivities } from '@chibo/workflows';
import type { ActivityDeps } from './activity-deps';
import { createChildrenActivity } from './create-children.activity';
import { loadStartActivity, loadStateActivity } from './load-state.activity';
import { projectActivity } from './project.activity';
import { postReportActivity, takeReportsActivity } from './report-inbox.activity';
import { runEffectActivity } from './run-effect.activity';
import { sealReportActivity } from './seal-report.activity';

/** The activities the procedure workflows call, bound to one database (what the worker registers). */
export function createActivities(deps: ActivityDeps): ProcedureActivities {
  return {
    project: projectActivity(deps),
    runEffect: runEffectActivity(deps),
    createChildren: createChildrenActivity(deps),
    loadState: loadStateActivity(deps),
    loadStart: loadStartActivity(deps),
    sealReport: sealReportActivity(deps),
    postReport: postReportActivity(deps),
    takeReports: takeReportsActivity(deps),
  };
}
