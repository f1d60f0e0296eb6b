/** A validation problem found by a rule: where (`path`), which rule fired, and a Vietnamese message for the UI. */
export interface RuleIssue {
  path: string;
  rule: string;
  message: string;
}

/** Builds a {@link RuleIssue}; keeps call sites short and the field order fixed. */
export function ruleIssue(path: string, rule: string, message: string): RuleIssue {
  return { path, rule, message };
}
