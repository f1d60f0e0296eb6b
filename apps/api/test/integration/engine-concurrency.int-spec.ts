import type { Response } from 'supertest';
import { type EngineTestApp, describeEngine, startEngineApp } from '../support/engine-app';
import { EngineDriver, expectStatus, logIn, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';

interface TimelineEntry {
  type: string;
  event: { taskId?: string; input?: { topic?: string } };
}

describeEngine(
  'engine: simultaneous submissions through HTTP',
  (kind, engine) => {
  let t: EngineTestApp;
  let d: EngineDriver;

  beforeAll(async () => {
    t = await startEngineApp(kind, { engine });
    try {
      d = new EngineDriver(t, await seedEngineFixture(t));
    } catch (error) {
      await t.close();
      throw error;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A new guidance to CB-A1 only: its instance and the open plan task (assigned to the secretary, nga). */
  async function freshPlan(): Promise<{ instanceId: string; taskId: string; coreTaskId: string }> {
    const instanceId = d.cellInstanceId(ORG.cellA1, (await d.issueGuidance({ cells: [ORG.cellA1] })).number);
    const taskId = await d.openTask(instanceId, 'plan');
    const task = await t.http().get(`/api/v1/tasks/${taskId}`).set(d.auth('secretaryA1'));
    expectStatus(task, 200);
    return { instanceId, taskId, coreTaskId: (task.body as { taskId: string }).taskId };
  }

  const submitAs = (http: EngineTestApp['http'], token: string, taskId: string, topic: string) =>
    http()
      .post(`/api/v1/tasks/${taskId}/submit`)
      .set('Authorization', `Bearer ${token}`)
      .send({ topic, month: '2022-04' });

  /** What anyone can check afterwards: the task is submitted, once, with the winner's answer, and the plan issued once. */
  async function expectSubmittedOnce(plan: { instanceId: string; taskId: string; coreTaskId: string }, winnerTopic: string): Promise<void> {
    await d.settle();
    const task = await t.http().get(`/api/v1/tasks/${plan.taskId}`).set(d.auth('secretaryA1'));
    expect(task.body).toMatchObject({ status: 'submitted', form: null });

    const timeline = await t.http().get(`/api/v1/instances/${encodeURIComponent(plan.instanceId)}/timeline`).set(d.auth('secretaryA1'));
    expectStatus(timeline, 200);
    const submissions = (timeline.body as TimelineEntry[]).filter((entry) => entry.type === 'task-submitted' && entry.event.taskId === plan.coreTaskId);
    expect(submissions).toHaveLength(1);
    expect(submissions[0]!.event.input?.topic).toBe(winnerTopic);

    const state = await t.http().get(`/api/v1/instances/${encodeURIComponent(plan.instanceId)}/state`).set(d.auth('secretaryA1'));
    expect(state.body.facts.plan).toMatchObject({ topic: winnerTopic });
    const tasks = await d.tasks(plan.instanceId);
    expect(tasks.filter((task) => task.step === 'plan').map((task) => task.status)).toEqual(['submitted']);
    expect(tasks.filter((task) => task.step === 'assign-draft').map((task) => task.status)).toEqual(['open']);

    const documents = await t.http().get(`/api/v1/documents?instance=${encodeURIComponent(plan.instanceId)}&type=KH`).set(d.auth('secretaryA1'));
    expect((documents.body as unknown[]).length).toBe(1);
  }

  /** Exactly one 201 and the rest 409 with a conflict code and a Vietnamese message; returns the winning topic. */
  function expectOneWinner(responses: Response[], topics: string[]): string {
    expect(responses.map((response) => response.status).sort()).toEqual([201, ...Array<number>(responses.length - 1).fill(409)]);
    for (const loser of responses.filter((response) => response.status === 409)) {
      expect(loser.body).toMatchObject({ statusCode: 409, error: expect.stringMatching(/^(task-not-open|concurrent-update)$/), message: expect.stringMatching(/\S/) });
    }
    const winner = responses.findIndex((response) => response.status === 201);
    expect(responses[winner]!.body).toMatchObject({ task: { status: 'submitted' }, instance: { status: 'running' } });
    return topics[winner]!;
  }

  it('should accept exactly one of two simultaneous submissions of a task by the secretary logged in twice, and answer the other 409', async () => {
    const plan = await freshPlan();
    const sessions = [await logIn(t, d.f.logins.secretaryA1), await logIn(t, d.f.logins.secretaryA1)];
    const topics = ['Tự soi, tự sửa theo Nghị quyết Trung ương 4', 'Nêu gương của người đứng đầu'];

    const responses = await Promise.all(sessions.map((token, i) => submitAs(t.http, token, plan.taskId, topics[i]!)));

    await expectSubmittedOnce(plan, expectOneWinner(responses, topics));
  });

  it('should accept exactly one of five simultaneous submissions of the same task', async () => {
    const plan = await freshPlan();
    const topics = ['Chủ đề thứ nhất', 'Chủ đề thứ hai', 'Chủ đề thứ ba', 'Chủ đề thứ tư', 'Chủ đề thứ năm'];

    const responses = await Promise.all(topics.map((topic) => submitAs(t.http, d.f.tokens.secretaryA1, plan.taskId, topic)));

    await expectSubmittedOnce(plan, expectOneWinner(responses, topics));
  });

  it('should accept exactly one submission when two API processes on the same database receive it at the same moment', async () => {
    // A second process has its own runtime and in-process locks: only the database's version check can stop the race.
    const second = await t.startSecondProcess();
    const plan = await freshPlan();
    const topics = ['Chủ đề gửi tới tiến trình thứ nhất', 'Chủ đề gửi tới tiến trình thứ hai'];

    const responses = await Promise.all([submitAs(t.http, d.f.tokens.secretaryA1, plan.taskId, topics[0]!), submitAs(second.http, d.f.tokens.secretaryA1, plan.taskId, topics[1]!)]);

    await expectSubmittedOnce(plan, expectOneWinner(responses, topics));
  });

  it('should let the secretaries of two cells submit their own plans at the same moment without a conflict', async () => {
    const { number } = await d.issueGuidance();
    const [taskA1, taskA2] = [await d.openTask(d.cellInstanceId(ORG.cellA1, number), 'plan'), await d.openTask(d.cellInstanceId(ORG.cellA2, number), 'plan')];

    const responses = await Promise.all([
      submitAs(t.http, d.f.tokens.secretaryA1, taskA1, 'Chủ đề của chi bộ A1'),
      submitAs(t.http, d.f.tokens.secretaryA2, taskA2, 'Chủ đề của chi bộ A2'),
    ]);

    expect(responses.map((response) => response.status)).toEqual([201, 201]);
  });

  it('should answer 409 to a second, later submission of a task already submitted, recording nothing', async () => {
    const plan = await freshPlan();
    expectStatus(await submitAs(t.http, d.f.tokens.secretaryA1, plan.taskId, 'Chủ đề đã nộp'), 201);

    const again = await submitAs(t.http, d.f.tokens.secretaryA1, plan.taskId, 'Chủ đề nộp lại');

    expect(again.body).toMatchObject({ statusCode: 409, error: 'task-not-open', message: expect.stringMatching(/\S/) });
    await expectSubmittedOnce(plan, 'Chủ đề đã nộp');
  });
  },
  { temporal: true },
);
