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

const orgSchema: z.ZodType<ScenarioOrg, unknown> = z.lazy(() =>
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

const cellFactsSchema = z.object({
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

const cellExpectSchema = z
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

/** The `chibo-scenario/1` format (see docs/scenarios.md). */
export const scenarioSchema = z.object({
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
  }),
  cells: z.record(z.string(), cellFactsSchema).default({}),
  expect: z.object({ cells: z.record(z.string(), cellExpectSchema).default({}), guidance: guidanceExpectSchema.optional() }).optional(),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type CellFacts = z.output<typeof cellFactsSchema>;
export type CellExpectation = z.output<typeof cellExpectSchema>;
export type GuidanceExpectation = z.output<typeof guidanceExpectSchema>;

/** Parses a scenario, throwing an error that lists every problem with its path. */
export function parseScenario(json: unknown): Scenario {
  const result = scenarioSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Kịch bản không hợp lệ:\n${lines.join('\n')}`);
  }
  return result.data;
}
