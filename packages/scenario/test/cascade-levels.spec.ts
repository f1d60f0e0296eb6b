import { FACTS, implementationInstanceId, type InstanceState } from '@chibo/procedure';
import { runScenarioInMemory, type Scenario } from '../src';
import { fixture, registry } from './scenario-helpers';

// What a committee that does not act leaves behind, and what a committee's roll-up compiles from a sub-committee's
// (issue 15): seed 002's chain, the district → the commune → two school cells.
const COMMUNE = 'DU-NGOC-SON';
const communeId = implementationInstanceId(COMMUNE, '06-ĐA/HU', '2019-03-25');
const CELLS = ['CB-TH-NGOC-SON', 'CB-THCS-NGOC-SON'];

function silentCommune(until: string): Scenario {
  const scenario = fixture('ngoc-son-2019-cascade');
  delete scenario.implementations[COMMUNE];
  for (const cell of CELLS) delete scenario.cells[cell];
  delete scenario.expect;
  scenario.until = until;
  return scenario;
}

const findingsOf = (state: InstanceState) => state.findings;

describe('a committee that does not act (cascade)', () => {
  it('should have no finding while the district’s session deadline has not passed (its last day included)', async () => {
    const scenario = silentCommune('2019-06-30T23:59');
    delete scenario.guidance.rollup; // the district's roll-up (25 July) would move the clock on
    const run = await runScenarioInMemory(scenario, registry);
    expect(run.errors).toEqual([]);
    expect(findingsOf(run.host.state(communeId)).map((f) => f.code)).toEqual([]);
  });

  it('should record implementation-missing on the commune once the district’s session deadline is over, naming it', async () => {
    const run = await runScenarioInMemory(silentCommune('2019-07-01'), registry);
    expect(run.errors).toEqual([]);
    const findings = findingsOf(run.host.state(communeId));
    expect(findings).toEqual([expect.objectContaining({ code: 'implementation-missing', detail: expect.stringContaining('Đảng ủy xã Ngọc Sơn chưa ban hành hướng dẫn thực hiện 06-ĐA/HU (hạn 2019-06-30)') })]);
  });

  it('should resolve it when the commune implements late, and have none when it implements in time', async () => {
    const late = silentCommune('2019-07-31');
    late.implementations[COMMUNE] = { at: '2019-07-02', number: '03-HD/ĐU', title: 'Sinh hoạt chuyên đề', reportBy: '2019-07-15', addSteps: [], cascade: false };
    const run = await runScenarioInMemory(late, registry);
    expect(run.errors).toEqual([]);
    const findings = findingsOf(run.host.state(communeId));
    expect(findings.map((f) => [f.code, f.resolved?.reason])).toEqual([['implementation-missing', 'Đã ban hành hướng dẫn 03-HD/ĐU (sau thời hạn)']]);
    const inTime = await runScenarioInMemory(fixture('ngoc-son-2019-cascade'), registry);
    expect(findingsOf(inTime.host.state(communeId))).toEqual([]);
  });
});

describe('the roll-up of a committee whose recipients include a sub-committee', () => {
  it('should count the sub-committee as a unit and compile the cells beneath it from its report', async () => {
    const run = await runScenarioInMemory(fixture('ngoc-son-2019-cascade'), registry);
    expect(run.errors).toEqual([]);
    const district = run.host.state(run.guidanceInstanceId).facts[FACTS.rollup];
    expect(district).toMatchObject({
      cells: 1,
      committees: 1,
      reported: 1,
      late: 1,
      ratings: { 'Tốt': 1, 'Khá': 1 },
      subtree: { cells: 2, reported: 2, onTime: 1, late: 1, missing: 0, adopted: 2 },
      perCell: [{ cell: COMMUNE, kind: 'committee', status: 'late', ratings: { 'Tốt': 1, 'Khá': 1 } }],
    });
    // The commune's own roll-up has cells only: it keeps the single-level shape.
    const commune = run.host.state(communeId).facts[FACTS.rollup] as Record<string, unknown>;
    expect(commune).not.toHaveProperty('committees');
    expect(commune).not.toHaveProperty('subtree');
  });
});
