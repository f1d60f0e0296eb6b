import { type EngineTestApp, describeEngine, startEngineApp } from '../support/engine-app';
import { createOrgUnit, createUser } from '../../src';
import { type EngineActor, EngineDriver, VALID_INPUT, expectStatus, logIn, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD, addMember } from '../support/fixture';

/** An item of GET /api/v1/tasks/inbox. */
interface InboxItem {
  id: string;
  instanceId: string;
  taskId: string;
  step: string;
  title: { vi: string; en: string };
  org: { code: string; name: string };
  status: string;
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
}

describeEngine(
  'engine: the inbox (Việc của tôi) and task forms',
  (kind, engine) => {
  let t: EngineTestApp;
  let d: EngineDriver;
  let instanceA1: string;
  let instanceA2: string;

  beforeAll(async () => {
    t = await startEngineApp(kind, { engine });
    try {
      d = new EngineDriver(t, await seedEngineFixture(t));
      const { number } = await d.issueGuidance();
      instanceA1 = d.cellInstanceId(ORG.cellA1, number);
      instanceA2 = d.cellInstanceId(ORG.cellA2, number);
    } catch (error) {
      await t.close();
      throw error;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const inbox = async (actor: EngineActor): Promise<InboxItem[]> => {
    const response = await t.http().get('/api/v1/tasks/inbox').set(d.auth(actor));
    expectStatus(response, 200);
    return response.body as InboxItem[];
  };
  const stepsIn = (items: InboxItem[], instanceId: string) => items.filter((item) => item.instanceId === instanceId).map((item) => item.step);
  const getTask = async (actor: EngineActor, id: string) => {
    const response = await t.http().get(`/api/v1/tasks/${id}`).set(d.auth(actor));
    expectStatus(response, 200);
    return response.body as InboxItem & { form: { title: { vi: string }; schema: JsonSchema; prefill: Record<string, unknown> } | null };
  };

  it("should put the plan task in the cell secretary's inbox once the guidance is issued, and in no one else's", async () => {
    const secretary = await inbox('secretaryA1');

    expect(stepsIn(secretary, instanceA1)).toEqual(['plan']);
    expect(secretary.find((item) => item.instanceId === instanceA1)).toMatchObject({
      status: 'open',
      org: { code: ORG.cellA1, name: 'Chi bộ Trường THCS Ái Mộ' },
      title: { vi: expect.stringMatching(/\S/) },
    });
    // Only the secretary's own cell: CB-A2's plan is its own secretary's.
    expect(stepsIn(secretary, instanceA2)).toEqual([]);
    expect(stepsIn(await inbox('secretaryA2'), instanceA2)).toEqual(['plan']);
    // A plain member, the committee above, the admin, the auditor and the other tree have nothing to do here.
    for (const actor of ['memberA1', 'committeeA', 'admin', 'auditor', 'secretaryB1', 'committeeB', 'nobody'] as const) {
      expect({ actor, steps: stepsIn(await inbox(actor), instanceA1) }).toEqual({ actor, steps: [] });
    }
  });

  it('should not show a cell\'s tasks to the secretary of a cell whose code differs only by "_" (no LIKE wildcard leak)', async () => {
    // "CB_A1" as a LIKE pattern also matches "CB-A1": the inbox must compare paths literally, as the scope filters do.
    await createOrgUnit(t.ds, { code: 'CB_A1', name: 'Chi bộ có mã gạch dưới', abbr: 'CB', kind: 'cell', parentCode: ORG.committeeA });
    const secretary = await addMember(t.ds, 'CB_A1', 'u01', 'Vũ Văn Út', 'official', ['secretary']);
    await createUser(t.ds, { login: 'ut', password: PASSWORD, displayName: 'Vũ Văn Út', memberId: secretary.id, grants: [{ role: 'secretary', orgCode: 'CB_A1' }] });
    const token = await logIn(t, 'ut');

    const response = await t.http().get('/api/v1/tasks/inbox').set('Authorization', `Bearer ${token}`);

    expectStatus(response, 200);
    expect((response.body as InboxItem[]).map((item) => item.org.code)).not.toContain(ORG.cellA1);
  });

  it('should bring a guidance "to all cells" only to the issuer\'s own cells, even when a committee code differs by "_"', async () => {
    // DU_KHOI-A as a LIKE pattern also matches DU-KHOI-A: its guidance must not reach committee A's cells.
    await createOrgUnit(t.ds, { code: 'DU_KHOI-A', name: 'Đảng ủy có mã gạch dưới', abbr: 'ĐU', kind: 'committee', parentCode: ORG.root });
    await createOrgUnit(t.ds, { code: 'CB-X1', name: 'Chi bộ của đảng ủy có mã gạch dưới', abbr: 'CB', kind: 'cell', parentCode: 'DU_KHOI-A' });
    await createUser(t.ds, { login: 'cap-uy-gach', password: PASSWORD, displayName: 'Cấp ủy có mã gạch dưới', grants: [{ role: 'committee', orgCode: 'DU_KHOI-A' }] });
    const token = await logIn(t, 'cap-uy-gach');
    const number = d.nextNumber();

    const issued = await t
      .http()
      .post('/api/v1/guidance')
      .set('Authorization', `Bearer ${token}`)
      .send({ issuer: 'DU_KHOI-A', number, issuedOn: '2022-03-16', title: 'Hướng dẫn của đảng ủy có mã gạch dưới', cells: 'all' });
    expectStatus(issued, 201);
    await d.settle();

    const instances = await t.http().get(`/api/v1/instances?guidance=${(issued.body as { id: string }).id}`).set(d.auth('admin'));
    expect((instances.body as { items: Array<{ org: { code: string } }> }).items.map((item) => item.org.code).sort()).toEqual(['CB-X1', 'DU_KHOI-A']);
    expect(stepsIn(await inbox('secretaryA1'), d.cellInstanceId(ORG.cellA1, number))).toEqual([]);
  });

  it('should return the open plan task with its form as JSON Schema', async () => {
    const [item] = (await inbox('secretaryA1')).filter((candidate) => candidate.instanceId === instanceA1);

    const task = await getTask('secretaryA1', item!.id);

    expect(task).toMatchObject({ id: item!.id, instanceId: instanceA1, step: 'plan', status: 'open' });
    expect(task.form?.title.vi).toMatch(/\S/);
    expect(task.form?.schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['topic', 'month']) });
    expect(Object.keys(task.form?.schema.properties ?? {})).toEqual(expect.arrayContaining(['topic', 'month']));
    // Whoever may see the task may read its form, e.g. the member of the cell.
    expect((await getTask('memberA1', item!.id)).form?.schema.type).toBe('object');
  });

  it('should move the work along the inboxes: plan → assign the draft → the assignee drafts', async () => {
    await d.submitStep(instanceA1, 'plan', 'secretaryA1', VALID_INPUT.plan);

    // The plan is done: the secretary now has to assign the draft, with a suggestion from the fair rotation.
    expect(stepsIn(await inbox('secretaryA1'), instanceA1)).toEqual(['assign-draft']);
    const assign = await getTask('secretaryA1', await d.openTask(instanceA1, 'assign-draft'));
    expect(Object.keys(assign.form?.schema.properties ?? {})).toContain('assignee');
    expect(['nga', 'm02', 'm03']).toContain(assign.form?.prefill['assignee']);
    expect(stepsIn(await inbox('memberA1'), instanceA1)).toEqual([]);

    await d.submitStep(instanceA1, 'assign-draft', 'secretaryA1', { assignee: 'm02' });

    // m02 (memberA1) was assigned: the draft is theirs, not the secretary's.
    const member = await inbox('memberA1');
    expect(stepsIn(member, instanceA1)).toEqual(['submit-draft']);
    expect(member.find((item) => item.instanceId === instanceA1)).toMatchObject({ status: 'open', org: { code: ORG.cellA1 } });
    expect(stepsIn(await inbox('secretaryA1'), instanceA1)).toEqual([]);
    expect(stepsIn(await inbox('secretaryA2'), instanceA1)).toEqual([]);
    const draft = await getTask('memberA1', member.find((item) => item.instanceId === instanceA1)!.id);
    expect(draft.form?.schema).toMatchObject({ type: 'object' });
    expect(Object.keys(draft.form?.schema.properties ?? {})).toEqual(expect.arrayContaining(['title', 'content']));

    await d.submitStep(instanceA1, 'submit-draft', 'memberA1', VALID_INPUT.draft);

    // Back to the secretary for review; the member's inbox is empty again.
    expect(stepsIn(await inbox('memberA1'), instanceA1)).toEqual([]);
    expect(stepsIn(await inbox('secretaryA1'), instanceA1)).toEqual(['review-draft']);
  });

  it('should list in a submission\'s answer the tasks now open, with the ids the task endpoints take', async () => {
    await d.submitStep(instanceA2, 'plan', 'secretaryA2', VALID_INPUT.plan);
    const response = await d.submitRequest('secretaryA2', await d.openTask(instanceA2, 'assign-draft'), { assignee: 'a201' });
    expectStatus(response, 201);
    const open = (response.body as { openTasks: InboxItem[] }).openTasks;
    // Assigning the draft opens the assignee's draft at once.
    expect(open.map((task) => task.step)).toEqual(['submit-draft']);
    expect(open[0]).toMatchObject({ instanceId: instanceA2, status: 'open', org: { code: ORG.cellA2 } });
    const shown = await getTask('admin', open[0]!.id);
    expect(shown).toMatchObject({ id: open[0]!.id, step: 'submit-draft', taskId: open[0]!.taskId, title: open[0]!.title, status: 'open' });
    await d.settle();
  });

  it('should answer a submitted task with its status and no form', async () => {
    const plan = (await d.tasks(instanceA1)).find((task) => task.step === 'plan')!;

    const task = await getTask('secretaryA1', plan.id);

    expect(task).toMatchObject({ status: 'submitted', form: null });
  });

  it("should give the score task the rubric's form: each criterion with its maximum", async () => {
    await d.driveCellA1(instanceA1, 'score');
    const [item] = (await inbox('secretaryA1')).filter((candidate) => candidate.instanceId === instanceA1);
    expect(item?.step).toBe('score');

    const task = await getTask('secretaryA1', item!.id);

    const marks = task.form?.schema.properties?.['marks'];
    expect(Object.keys(marks?.properties ?? {})).toEqual(['preparation', 'attendance', 'conduct', 'closing']);
    expect(marks?.properties?.['attendance']).toMatchObject({ type: 'number', description: expect.stringContaining('20') });
  });
  },
  { temporal: true },
);
