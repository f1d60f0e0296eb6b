import type { Response } from 'supertest';
import { createUser } from '../../src';
import type { EngineTestApp } from './engine-app';
import { ISSUED_ON } from './engine-app';
import { type Actor, ORG, PASSWORD, addMember, seedFixture } from './fixture';

/**
 * Who calls the engine endpoints, one column each in the authorization table. On top of the base fixture
 * (test/support/fixture.ts), `secretaryA2` is the secretary of CB-A2: another cell under the same committee, so a
 * guidance of committee A reaches both cells and each secretary must see only their own.
 */
export const ENGINE_CALLERS = [
  'anonymous',
  'admin', // admin on the root
  'committeeA', // committee on DU-KHOI-A, the issuer of the guidance under test
  'committeeB', // committee on DU-KHOI-B: another tree
  'secretaryA1', // secretary of CB-A1 (member nga): the cell under test
  'secretaryA2', // secretary of CB-A2 (member a201): another cell of the same committee
  'secretaryB1', // secretary of CB-B1 (member b01): a cell of the other tree
  'memberA1', // member of CB-A1 (m02, official), the draft author when one is assigned
  'auditor', // auditor on the root: reads everything, changes nothing
  'nobody', // an account without any grant
] as const;
export type EngineCaller = (typeof ENGINE_CALLERS)[number];
export type EngineActor = Exclude<EngineCaller, 'anonymous'>;

export interface EngineFixture {
  tokens: Record<EngineActor, string>;
  logins: Record<EngineActor, string>;
}

/** Seeds the base org tree and accounts, adds CB-A2's secretary, and logs everyone in. */
export async function seedEngineFixture(t: EngineTestApp): Promise<EngineFixture> {
  const base = await seedFixture(t);
  const lan = await addMember(t.ds, ORG.cellA2, 'a201', 'Đỗ Thị Lan', 'official', ['secretary']);
  await createUser(t.ds, { login: 'lan', password: PASSWORD, displayName: 'Đỗ Thị Lan', memberId: lan.id, grants: [{ role: 'secretary', orgCode: ORG.cellA2 }] });
  const logins = { ...(Object.fromEntries(Object.entries(base.users).map(([actor, user]) => [actor, user.login])) as Record<Actor, string>), secretaryA2: 'lan' };
  return { logins, tokens: { ...base.tokens, secretaryA2: await logIn(t, 'lan') } };
}

/** A new session for a login (a second browser, say): its own token. */
export async function logIn(t: EngineTestApp, login: string): Promise<string> {
  const response = await t.http().post('/api/v1/auth/login').send({ login, password: PASSWORD }).expect(200);
  return (response.body as { token: string }).token;
}

/** A task as GET /api/v1/instances/:id lists it. */
export interface InstanceTask {
  id: string;
  step: string;
  key: string;
  status: 'open' | 'submitted' | 'cancelled';
}

/** The thematic session's steps in order (the default `thematic-session@1`). */
export const THEMATIC_STEPS = ['plan', 'assign-draft', 'submit-draft', 'review-draft', 'convene', 'hold-session', 'score', 'resolution', 'report'] as const;
export type ThematicStep = (typeof THEMATIC_STEPS)[number];

/** Valid answers for CB-A1's tasks: what its secretary (nga) and draft author (m02) would type. */
export const VALID_INPUT = {
  plan: { topic: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', month: '2022-04' },
  assign: { assignee: 'm02' },
  draft: { title: 'Dự thảo chuyên đề: nêu gương trong công tác' },
  review: { decision: 'approve' },
  score: { marks: { preparation: 15, attendance: 20, conduct: 40, closing: 18 } },
  resolution: { title: 'Nghị quyết sinh hoạt chuyên đề', decisions: ['Mỗi đảng viên đăng ký một việc làm nêu gương'], vote: { for: ['nga', 'm02'], against: 0, abstain: 0 } },
} as const;

/** Helpers that do through HTTP what people do: issue guidance, open tasks, submit them, move the clock. */
export class EngineDriver {
  private guidanceSeq = 0;

  constructor(
    readonly t: EngineTestApp,
    readonly f: EngineFixture,
  ) {}

  auth(actor: EngineActor): { Authorization: string } {
    return { Authorization: `Bearer ${this.f.tokens[actor]}` };
  }

  /** A guidance number not used before in this app. */
  nextNumber(): string {
    return `${++this.guidanceSeq}-HD/ĐU`;
  }

  /** The id of a cell's instance started by a guidance (the runtime's business key). */
  cellInstanceId(cell: string, number: string, issuedOn = ISSUED_ON): string {
    return `cell:${cell}:${number}:${issuedOn}`;
  }

  /** Committee A issues a guidance (to all its cells unless told otherwise) and waits until the cells' instances run. */
  async issueGuidance(options: { number?: string; cells?: 'all' | string[]; by?: EngineActor; issuer?: string } = {}): Promise<{ id: string; instanceId: string; number: string }> {
    const number = options.number ?? this.nextNumber();
    const response = await this.t
      .http()
      .post('/api/v1/guidance')
      .set(this.auth(options.by ?? 'committeeA'))
      .send({
        issuer: options.issuer ?? ORG.committeeA,
        number,
        issuedOn: ISSUED_ON,
        title: 'Tổ chức sinh hoạt chuyên đề năm 2022',
        sessionBy: '2022-04-30',
        reportBy: '2022-05-10',
        cells: options.cells ?? 'all',
      });
    expectStatus(response, 201);
    await this.settle();
    return { ...(response.body as { id: string; instanceId: string }), number };
  }

  /** POST /clock/settle as the admin: every queued command (children, documents, reports) has been carried out. */
  async settle(): Promise<void> {
    expectStatus(await this.t.http().post('/api/v1/clock/settle').set(this.auth('admin')), 200);
  }

  /** POST /clock/advance as the admin. */
  async advanceTo(to: string): Promise<void> {
    expectStatus(await this.t.http().post('/api/v1/clock/advance').set(this.auth('admin')).send({ to }), 200);
  }

  async tasks(instanceId: string): Promise<InstanceTask[]> {
    const response = await this.t.http().get(`/api/v1/instances/${encodeURIComponent(instanceId)}`).set(this.auth('admin'));
    expectStatus(response, 200);
    return (response.body as { tasks: InstanceTask[] }).tasks;
  }

  /** The id (for /api/v1/tasks/:id) of the open task of `step`; fails when there is none. */
  async openTask(instanceId: string, step: string): Promise<string> {
    const task = (await this.tasks(instanceId)).find((candidate) => candidate.step === step && candidate.status === 'open');
    if (!task) throw new Error(`No open task of step "${step}" in ${instanceId}: ${JSON.stringify(await this.tasks(instanceId))}`);
    return task.id;
  }

  submitRequest(actor: EngineActor, taskId: string, body: unknown) {
    return this.t
      .http()
      .post(`/api/v1/tasks/${encodeURIComponent(taskId)}/submit`)
      .set(this.auth(actor))
      .send(body as object);
  }

  /** Submits the open task of `step` as `actor` and expects it to be accepted. */
  async submitStep(instanceId: string, step: string, actor: EngineActor, body: object): Promise<void> {
    expectStatus(await this.submitRequest(actor, await this.openTask(instanceId, step), body), 201);
    await this.settle();
  }

  /**
   * Drives CB-A1's instance (from the step now open) until the task of `until` is open: the plan, the draft
   * assigned to m02 and approved, a session convened an hour from now and held (the clock moves past it), the score,
   * the resolution.
   */
  async driveCellA1(instanceId: string, until: ThematicStep): Promise<void> {
    const open = new Set((await this.tasks(instanceId)).filter((task) => task.status === 'open').map((task) => task.step));
    const from = THEMATIC_STEPS.findIndex((step) => open.has(step));
    if (from < 0) throw new Error(`${instanceId} has no open step of the thematic session`);
    for (const step of THEMATIC_STEPS.slice(from, THEMATIC_STEPS.indexOf(until))) await this.completeStep(instanceId, step);
    await this.openTask(instanceId, until);
  }

  private async completeStep(instanceId: string, step: ThematicStep): Promise<void> {
    switch (step) {
      case 'plan':
        return this.submitStep(instanceId, step, 'secretaryA1', VALID_INPUT.plan);
      case 'assign-draft':
        return this.submitStep(instanceId, step, 'secretaryA1', VALID_INPUT.assign);
      case 'submit-draft':
        return this.submitStep(instanceId, step, 'memberA1', VALID_INPUT.draft);
      case 'review-draft':
        return this.submitStep(instanceId, step, 'secretaryA1', VALID_INPUT.review);
      case 'convene': {
        const sessionAt = new Date(Date.parse(this.t.clock.now()) + 3_600_000).toISOString();
        return this.submitStep(instanceId, step, 'secretaryA1', { sessionAt, place: 'Phòng họp nhà trường', shortNotice: true });
      }
      case 'hold-session': {
        const state = await this.t.http().get(`/api/v1/instances/${encodeURIComponent(instanceId)}/state`).set(this.auth('admin'));
        const sessionAt = (state.body as { facts: { convened: { sessionAt: string } } }).facts.convened.sessionAt;
        await this.advanceTo(new Date(Date.parse(sessionAt) + 3 * 3_600_000).toISOString());
        return this.submitStep(instanceId, step, 'secretaryA1', {
          heldAt: sessionAt,
          minutes: 120,
          chair: 'nga',
          clerk: 'm02',
          presenter: 'm02',
          opinions: [{ by: 'm02', text: 'Đề nghị mỗi đảng viên đăng ký việc làm cụ thể.' }],
          conclusion: 'Bí thư kết luận, giao nhiệm vụ cho các đảng viên.',
        });
      }
      case 'score':
        return this.submitStep(instanceId, step, 'secretaryA1', VALID_INPUT.score);
      case 'resolution':
        return this.submitStep(instanceId, step, 'secretaryA1', VALID_INPUT.resolution);
      case 'report':
        return this.submitStep(instanceId, step, 'secretaryA1', {});
    }
  }
}

/** Like supertest's expect(status), but the failure shows the body (the API's message and issues). */
export function expectStatus(response: Response, status: number): void {
  if (response.status !== status) {
    const { req } = response as unknown as { req?: { method?: string; path?: string } };
    throw new Error(`${req?.method ?? ''} ${req?.path ?? ''} → ${response.status}, expected ${status}: ${JSON.stringify(response.body)}`);
  }
}
