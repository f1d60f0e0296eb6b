import { z } from 'zod';

const memberSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  status: z.enum(['official', 'probationary', 'exempt', 'suspended']),
  roles: z.array(z.enum(['secretary', 'deputy-secretary', 'committee'])).default([]),
});

/** An org unit of a scenario: a committee or a cell, with children and (for cells) members. */
export interface ScenarioOrg {
  code: string;
  name: string;
  kind: 'committee' | 'cell';
  abbr: string;
  term?: { from: string; to?: string };
  members: Array<z.output<typeof memberSchema>>;
  children: ScenarioOrg[];
}

export const orgSchema: z.ZodType<ScenarioOrg, unknown> = z.lazy(() =>
  z.object({
    code: z.string().min(1),
    name: z.string().min(1),
    kind: z.enum(['committee', 'cell']),
    abbr: z.string().min(1),
    term: z.object({ from: z.string(), to: z.string().optional() }).optional(),
    members: z.array(memberSchema).default([]),
    children: z.array(orgSchema).default([]),
  }),
);

const voteCount = z.union([z.number().int().min(0), z.literal('all-present'), z.array(z.string())]);

export const cellFactsSchema = z.object({
  plan: z.object({ at: z.string(), topic: z.string(), month: z.string() }).optional(),
  draft: z
    .object({
      assignee: z.string(),
      at: z.string(),
      submissions: z.array(z.object({ at: z.string(), decision: z.enum(['approve', 'revise']), note: z.string().optional(), decidedAt: z.string().optional() })).default([]),
    })
    .optional(),
  session: z
    .object({
      at: z.string(),
      minutes: z.number().int(),
      place: z.string().optional(),
      online: z.boolean().default(false),
      chair: z.string(),
      clerk: z.string(),
      presenter: z.string().optional(),
      absent: z.array(z.object({ member: z.string(), reason: z.string().default('Không rõ lý do'), excused: z.boolean().default(false) })).default([]),
      guests: z.array(z.object({ name: z.string(), title: z.string().default('') })).default([]),
      opinions: z.array(z.object({ by: z.string(), text: z.string() })).default([]),
      selfCriticism: z.array(z.object({ member: z.string(), flagged: z.array(z.string()).default([]), plan: z.string() })).default([]),
      conclusion: z.string().default(''),
      assignments: z.array(z.object({ to: z.string(), task: z.string() })).default([]),
      /** Recorded at the session: when the draft was sent to members. */
      draftSentAt: z.string().optional(),
      /** Recorded at the session: the minutes were read back and adopted. */
      minutesAdopted: z.boolean().optional(),
    })
    .optional(),
  score: z.object({ at: z.string(), marks: z.record(z.string(), z.number()).optional(), rating: z.string().optional() }).optional(),
  resolution: z
    .object({
      at: z.string(),
      title: z.string(),
      decisions: z.array(z.string()),
      vote: z.object({ for: voteCount, against: voteCount.default(0), abstain: voteCount.default(0) }),
    })
    .optional(),
  report: z.object({ at: z.string(), summary: z.string().optional() }).optional(),
});

export const cellExpectSchema = z
  .object({
    status: z.enum(['completed', 'in-progress', 'overdue', 'failed']).optional(),
    attendance: z.object({ present: z.number(), eligible: z.number() }).optional(),
    resolution: z.enum(['adopted', 'rejected']).nullable().optional(),
    rating: z.string().nullable().optional(),
    report: z.enum(['on-time', 'late', 'missing']).optional(),
    findings: z.array(z.string()).optional(),
    documents: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const guidanceExpectSchema = z
  .object({
    status: z.enum(['completed', 'in-progress']).optional(),
    reported: z.number().optional(),
    onTime: z.number().optional(),
    late: z.number().optional(),
    missing: z.number().optional(),
    ratings: z.record(z.string(), z.number()).optional(),
    documents: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const implementationExpectSchema = guidanceExpectSchema.extend({ report: z.enum(['on-time', 'late', 'missing']).optional() }).strict();

const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/**
 * A committee's implementation of the guidance it received (DESIGN §5 "Cascades"): its own guidance, issued at `at`,
 * with deadlines within the parent's, optional extra steps and rubric, and its roll-up (its report to the parent).
 */
const implementationSchema = z
  .object({
    at: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date YYYY-MM-DD (optionally with a time)'),
    number: z.string().min(1),
    title: z.string().min(1),
    sessionBy: localDay.optional(),
    reportBy: localDay.optional(),
    addSteps: z.array(z.string()).default([]),
    rubric: z.string().optional(),
    cascade: z.boolean().default(false),
    rollup: z.object({ at: z.string() }).strict().optional(),
  })
  .strict();

/** The `chibo-scenario/1` format (see docs/scenarios.md). */
const scenarioObject = z.object({
  format: z.literal('chibo-scenario/1'),
  name: z.string().min(1),
  source: z.string().optional(),
  note: z.string().optional(),
  until: z.string(),
  org: orgSchema,
  guidance: z.object({
    number: z.string().min(1),
    issuedOn: z.string(),
    issuer: z.string(),
    title: z.string(),
    procedure: z.string(),
    basedOn: z.array(z.object({ number: z.string(), issuedOn: z.string() })).default([]),
    addSteps: z.array(z.string()).default([]),
    rubric: z.string().optional(),
    sessionBy: z.string().optional(),
    reportBy: z.string().optional(),
    cells: z.union([z.literal('all'), z.array(z.string())]).default('all'),
    rollup: z.object({ at: z.string() }).optional(),
    /** Cascades: to the issuer's directly subordinate committees (each implements it) and its direct cells in scope. */
    cascade: z.boolean().default(false),
  }),
  /** Cascades: each committee's implementation of the guidance it received, by committee code. */
  implementations: z.record(z.string(), implementationSchema).default({}),
  cells: z.record(z.string(), cellFactsSchema).default({}),
  expect: z
    .object({
      cells: z.record(z.string(), cellExpectSchema).default({}),
      guidance: guidanceExpectSchema.optional(),
      implementations: z.record(z.string(), implementationExpectSchema).optional(),
    })
    .strict()
    .optional(),
});

export const scenarioSchema = scenarioObject.superRefine((scenario, ctx) => checkCascade(scenario, ctx));

/**
 * What the format can tell of a cascade before anything runs, each problem at its field: implementations only with
 * `cascade`, only by committees the guidance reaches, and with deadlines within the guidance they implement.
 */
function checkCascade(scenario: z.output<typeof scenarioObject>, ctx: z.RefinementCtx): void {
  const entries = Object.entries(scenario.implementations);
  const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (!scenario.guidance.cascade) {
    if (entries.length) issue(['implementations'], 'implementations need "cascade": true on the guidance');
    if (scenario.expect?.implementations) issue(['expect', 'implementations'], 'implementations need "cascade": true on the guidance');
    return;
  }
  const byCode = new Map<string, { org: ScenarioOrg; parent?: ScenarioOrg }>();
  const walk = (org: ScenarioOrg, parent?: ScenarioOrg) => {
    byCode.set(org.code, parent ? { org, parent } : { org });
    org.children.forEach((c) => walk(c, org));
  };
  walk(scenario.org);
  // Every committee the guidance reaches, with the deadlines of the guidance it receives.
  const reached = new Map<string, { number: string; issuedOn: string; sessionBy?: string; reportBy?: string }>();
  const visit = (issuer: string, guidance: { number: string; issuedOn: string; sessionBy?: string; reportBy?: string }) => {
    for (const child of byCode.get(issuer)?.org.children ?? []) {
      if (child.kind !== 'committee') continue;
      reached.set(child.code, guidance);
      const own = scenario.implementations[child.code];
      if (own?.cascade) visit(child.code, { number: own.number, issuedOn: own.at.slice(0, 10), sessionBy: own.sessionBy ?? guidance.sessionBy, reportBy: own.reportBy ?? guidance.reportBy });
    }
  };
  const g = scenario.guidance;
  visit(g.issuer, { number: g.number, issuedOn: g.issuedOn, ...(g.sessionBy ? { sessionBy: g.sessionBy } : {}), ...(g.reportBy ? { reportBy: g.reportBy } : {}) });
  for (const [code, own] of entries) {
    const found = byCode.get(code);
    if (!found) {
      issue(['implementations', code], `no org unit "${code}" in the org tree`);
      continue;
    }
    if (found.org.kind !== 'committee') {
      issue(['implementations', code], `"${code}" is a cell; only committees implement a guidance`);
      continue;
    }
    const parent = reached.get(code);
    if (!parent) {
      issue(['implementations', code], `"${code}" does not receive the guidance (it is not directly under ${g.issuer} or under a committee that implements it with "cascade": true)`);
      continue;
    }
    if (own.at.slice(0, 10) < parent.issuedOn) issue(['implementations', code, 'at'], `before the guidance it implements (${parent.number}, ${parent.issuedOn})`);
    for (const field of ['sessionBy', 'reportBy'] as const) {
      const limit = parent[field];
      if (own[field] && limit && own[field]! > limit) issue(['implementations', code, field], `${own[field]} is after the deadline of ${parent.number} (${limit}): it must be within it`);
    }
  }
  for (const code of Object.keys(scenario.expect?.implementations ?? {})) {
    if (!reached.has(code)) issue(['expect', 'implementations', code], `"${code}" does not receive the guidance`);
  }
}

export type Scenario = z.output<typeof scenarioSchema>;
export type CellFacts = z.output<typeof cellFactsSchema>;
export type CellExpectation = z.output<typeof cellExpectSchema>;
export type GuidanceExpectation = z.output<typeof guidanceExpectSchema>;
export type ImplementationExpectation = z.output<typeof implementationExpectSchema>;
export type ScenarioImplementation = z.output<typeof implementationSchema>;

/** Parses a scenario, throwing an error that lists every problem with its path. */
export function parseScenario(json: unknown): Scenario {
  const result = scenarioSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Kịch bản không hợp lệ:\n${lines.join('\n')}`);
  }
  return result.data;
}
