import type { SealReportArgs } from '@chibo/workflows';
import { writeTransaction } from '@chibo/host';
import type { ActivityDeps } from './activity-deps';

/**
 * This activity seals a report before it is signalled to the parent, with the embedded runtime's `sealReport` hook
 * (the audit log adds a signed checkpoint of the sender's chain, in its own transaction); without a hook the report
 * is returned as the core produced it. A retry seals again, as a retried delivery does in the embedded runtime.
 * Compensation: none (a checkpoint is a record, not a change).
 */
export function sealReportActivity(deps: ActivityDeps) {
  return async function sealReport(args: SealReportArgs): Promise<Record<string, unknown>> {
    const seal = deps.sealReport;
    if (!seal) return args.report;
    return writeTransaction(deps.dataSource, (m) => seal(m, { instanceId: args.instanceId }, args.report));
  };
}
