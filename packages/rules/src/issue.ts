/** A validation problem found by a rule: where (`path`), which rule fired, and a Vietnamese message for the UI. */
export interface RuleIssue {
  path: string;
  rule: string;
  message: string;
  /** What the rule says, as data (`{ maximum: 10 }`), for pages that word it in their own language. */
  params?: Readonly<Record<string, string | number>>;
}

/** Builds a {@link RuleIssue}; keeps call sites short and the field order fixed. */
export function ruleIssue(path: string, rule: string, message: string, params?: Readonly<Record<string, string | number>>): RuleIssue {
  return params ? { path, rule, message, params } : { path, rule, message };
}
