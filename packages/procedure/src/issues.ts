/** A field-level validation problem: which field, which rule, and a message a secretary can act on. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `marks.conduct` or `absent[2].member`. */
  path: string;
  /** Machine-readable rule id, e.g. `max`, `probationary-cannot-vote`, `task-not-open`. */
  rule: string;
  /** Human message, Vietnamese by default. */
  message: string;
  /** What the message says, as data (`{ step: 'report', fact: 'score' }`), so a page can word it in its own language. */
  params?: Readonly<Record<string, string | number>>;
}

/** Why a submission or input was refused. */
export type RejectionCode =
  | 'validation'
  | 'task-not-open'
  | 'not-assignee'
  | 'instance-closed'
  | 'unknown-input'
  | 'out-of-scope';

/** A refused input: nothing was recorded. */
export interface Rejection {
  code: RejectionCode;
  message: string;
  issues: FieldIssue[];
}

/** Builds a single-issue rejection. */
export function reject(code: RejectionCode, issue: FieldIssue): Rejection {
  return { code, message: issue.message, issues: [issue] };
}
