import { implementationInstanceId, openTasks } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { parseScenario, runScenarioInMemory, type Scenario } from '../src';
import { fixture, registry } from './scenario-helpers';

const DISTRICT = 'HU-HIEP-HOA';
const COMMUNE = 'DU-NGOC-SON';
const CELLS = ['CB-TH-NGOC-SON', 'CB-THCS-NGOC-SON'];
const PARENT = { number: '06-ĐA/HU', issuedOn: '2019-03-25' };
const communeId = implementationInstanceId(COMMUNE, PARENT.number, PARENT.issuedOn);

function cascade(): Scenario {
  return fixture('ngoc-son-2019-cascade');
}

/** The scenario run up to the commune's implementation (not applied), with the commune's implement task. */
async function beforeImplementation(scenario = cascade()) {
  const run = await runScenarioInMemory(scenario, registry, { stopBefore: (a) => a.type === 'implement' });
  const task = openTasks(run.host.state(communeId)).find((t) => t.stepId === 'implement')!;
  const implement = (input: Record<string, unknown>) =>
    run.host.send(communeId, { type: 'submit', at: parseLocal('2019-04-05'), taskId: task.id, by: run.host.actor({ kind: 'committee', org: COMMUNE }), input });
  return { run, task, implement };
}

const ownGuidance = { number: '03-HD/ĐU', issuedOn: '2019-04-05', title: 'Sinh hoạt chuyên đề quý II năm 2019', sessionBy: '2019-06-30', reportBy: '2019-07-10' };

describe('a guidance down every level (cascade)', () => {
  it('should run the cells under the commune’s own guidance, based on the district’s, with the rubric the commune chose', async () => {
    const run = await runScenarioInMemory(cascade(), registry);
    expect(run.errors).toEqual([]);
    expect(run.mismatches).toEqual([]);
    for (const cell of CELLS) {
      const state = run.host.state(`cell:${cell}:03-HD/ĐU:2019-04-05`);
      expect(state.context.guidance).toMatchObject({
        number: '03-HD/ĐU',
        issuer: { code: COMMUNE },
        reportBy: '2019-07-10',
        basedOn: [PARENT, { number: '12-HD/BTCTW', issuedOn: '2018-07-06' }, { number: '05-HD/BTCTU', issuedOn: '2019-02-12' }],
      });
      // The district chose binh-thuan-100; the commune scores its cells with phu-tho-100.
      expect(state.definition.steps.find((s) => s.id === 'score')?.params['rubric']).toBe('phu-tho-100');
      // Nothing runs for the cell under the district's guidance directly.
      expect(run.host.instances.has(`cell:${cell}:${PARENT.number}:${PARENT.issuedOn}`)).toBe(false);
    }
    // The commune's roll-up (its BC) reports on its own guidance; the district's counts the commune, late.
    const communeBc = run.host.documents.find((d) => d.type === 'BC' && d.org === COMMUNE)!;
    expect(communeBc).toMatchObject({ number: 'Số 01-BC/ĐU', title: 'Báo cáo kết quả thực hiện 03-HD/ĐU' });
    const districtBc = run.host.documents.find((d) => d.type === 'BC' && d.org === DISTRICT)!;
    expect(districtBc.data).toMatchObject({ rollup: { reported: 1, late: 1, onTime: 0, perCell: [{ cell: COMMUNE, status: 'late' }] } });
    expect(run.outcome.implementations?.[COMMUNE]).toMatchObject({ report: 'late', reported: 2, late: 1, ratings: { 'Tốt': 1, 'Khá': 1 } });
  });

  it('should refuse an implementation whose deadlines are outside the district’s, naming the field, and record nothing', async () => {
    const { run, implement } = await beforeImplementation();
    const version = run.host.state(communeId).version;
    const result = implement({ ...ownGuidance, sessionBy: '2019-07-05', reportBy: '2019-07-25' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('validation');
    expect(result.rejection.issues).toEqual([
      expect.objectContaining({ path: 'sessionBy', rule: 'outside-parent-deadline', message: expect.stringContaining('06-ĐA/HU (30/06/2019)') }),
      expect.objectContaining({ path: 'reportBy', rule: 'outside-parent-deadline', message: 'Hạn báo cáo (25/07/2019) phải trong thời hạn của hướng dẫn 06-ĐA/HU (20/07/2019)', params: { deadline: 'reportBy', date: '2019-07-25', parent: '06-ĐA/HU', limit: '2019-07-20' } }),
    ]);
    expect(run.host.state(communeId).version).toBe(version);
    expect(implement(ownGuidance).ok).toBe(true);
  });

  it('should refuse an unknown added step or rubric, a date before the district’s guidance and a second implementation', async () => {
    const { implement } = await beforeImplementation();
    const bad = implement({ ...ownGuidance, issuedOn: '2019-03-01', addSteps: ['tu-phe-binh'], rubric: 'ha-noi-100' });
    expect(bad.ok ? [] : bad.rejection.issues.map((i) => [i.path, i.rule])).toEqual([
      ['issuedOn', 'before-parent'],
      ['addSteps[0]', 'unknown-step'],
      ['rubric', 'unknown-rubric'],
    ]);
    expect(implement({ ...ownGuidance, addSteps: ['self-criticism'] }).ok).toBe(true);
    const again = implement({ ...ownGuidance, number: '04-HD/ĐU' });
    expect(again.ok ? 'accepted' : again.rejection.code).toBe('task-not-open');
  });

  it('should add the commune’s extra step to its cells’ procedure only', async () => {
    const scenario = cascade();
    scenario.implementations[COMMUNE]!.addSteps = ['self-criticism'];
    const run = await runScenarioInMemory(scenario, registry, { stopBefore: (a) => a.type === 'submit' });
    const state = run.host.state(`cell:${CELLS[0]}:03-HD/ĐU:2019-04-05`);
    expect(state.definition.steps.map((s) => s.id)).toContain('self-criticism');
    expect(state.definition.owner).toBe(COMMUNE);
  });

  it('should leave the cells of a commune that never implements without anything, and its report missing after the district’s deadline', async () => {
    const scenario = cascade();
    delete scenario.implementations[COMMUNE];
    for (const cell of CELLS) delete scenario.cells[cell];
    delete scenario.expect;
    const run = await runScenarioInMemory(scenario, registry);
    expect(run.errors).toEqual([]);
    expect(run.outcome.cells).toEqual({});
    expect(run.outcome.implementations?.[COMMUNE]).toMatchObject({ status: 'in-progress', report: 'missing', reported: 0 });
    expect(run.outcome.guidance).toMatchObject({ reported: 0, missing: 1 });
    // The district reminded the commune's committee, before and after its deadline, and at the deadline was told
    // itself that the commune had not reported.
    const reminders = run.host.notifications.filter((n) => n.instanceId.startsWith('guidance:HU-HIEP-HOA'));
    expect(reminders.map((n) => [n.input['kind'], n.input['to']])).toEqual([
      ['report-reminder', [{ role: 'committee', org: COMMUNE }]],
      ['report-overdue', [{ role: 'committee', org: COMMUNE }]],
      ['reports-overdue', [{ role: 'committee', org: DISTRICT }]],
      ['report-overdue', [{ role: 'committee', org: COMMUNE }]],
    ]);
    expect(reminders.find((n) => n.input['kind'] === 'reports-overdue')?.input['message']).toMatch(/^Đã quá hạn báo cáo theo .+ \(hạn \d\d\/\d\d\/\d{4}\): còn 1\/1 đơn vị chưa gửi báo cáo — Đảng ủy xã Ngọc Sơn$/);
  });

  it('should take the guidance down three levels: each cell runs its direct committee’s guidance and ratings reach the top', async () => {
    const scenario = cascade();
    const district = scenario.org;
    scenario.org = { code: 'TU-BAC-GIANG', name: 'Tỉnh ủy Bắc Giang', kind: 'committee', abbr: 'TU', term: { from: '2015-10-01' }, members: [], children: [district] };
    scenario.guidance = { ...scenario.guidance, number: '05-HD/BTCTU', issuedOn: '2019-02-12', issuer: 'TU-BAC-GIANG', basedOn: [{ number: '12-HD/BTCTW', issuedOn: '2018-07-06' }], reportBy: '2019-07-31', rollup: { at: '2019-08-02' } };
    scenario.implementations = {
      [DISTRICT]: { at: '2019-03-25', number: '06-ĐA/HU', title: 'Đề án nâng cao chất lượng sinh hoạt chi bộ', sessionBy: '2019-06-30', reportBy: '2019-07-20', addSteps: [], cascade: true, rollup: { at: '2019-07-25' } },
      ...scenario.implementations,
    };
    scenario.until = '2019-08-05';
    scenario.expect = {
      cells: scenario.expect!.cells,
      implementations: { [DISTRICT]: { report: 'on-time', reported: 1, late: 1 }, [COMMUNE]: { report: 'late', reported: 2 } },
      guidance: { status: 'completed', reported: 1, onTime: 1, ratings: { 'Tốt': 1, 'Khá': 1 }, documents: { BC: 'Số 01-BC/TU' } },
    };
    const run = await runScenarioInMemory(parseScenario(scenario), registry);
    expect(run.errors).toEqual([]);
    expect(run.mismatches).toEqual([]);
    expect(run.host.state(`cell:${CELLS[0]}:03-HD/ĐU:2019-04-05`).context.guidance?.basedOn).toEqual([
      { number: '06-ĐA/HU', issuedOn: '2019-03-25' },
      { number: '05-HD/BTCTU', issuedOn: '2019-02-12' },
      { number: '12-HD/BTCTW', issuedOn: '2018-07-06' },
    ]);
  });
});

describe('the cascade in the scenario format', () => {
  const raw = () => cascade();
  const problems = (json: unknown) => {
    try {
      parseScenario(json);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('should name the implementation field whose deadline is outside the guidance it implements', () => {
    const json = raw();
    json.implementations[COMMUNE]!.reportBy = '2019-07-25';
    expect(problems(json)).toContain('implementations.DU-NGOC-SON.reportBy: 2019-07-25 is after the deadline of 06-ĐA/HU (2019-07-20)');
  });

  it('should name implementations by a cell, by an unknown code, by a committee the guidance does not reach, and without cascade', () => {
    const json = raw();
    const implementations = json.implementations;
    implementations['CB-TH-NGOC-SON'] = { ...implementations[COMMUNE]! };
    implementations['DU-KHONG-CO'] = { ...implementations[COMMUNE]! };
    (implementations[COMMUNE] as Record<string, unknown>)['colour'] = 'đỏ';
    const message = problems(json);
    expect(message).toContain('implementations.CB-TH-NGOC-SON: "CB-TH-NGOC-SON" is a cell');
    expect(message).toContain('implementations.DU-KHONG-CO: no org unit "DU-KHONG-CO"');
    expect(message).toMatch(/implementations\.DU-NGOC-SON: .*colour/);
    const flat = raw();
    flat.guidance.cascade = false;
    expect(problems(flat)).toContain('implementations: implementations need "cascade": true on the guidance');
  });
});
