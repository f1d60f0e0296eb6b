import { runScenarioInMemory, loadFixtures, parseScenario, type Scenario, type ScenarioOrg, type ScenarioRun } from '@chibo/scenario';
import { registry } from './runtimes';

export const FIXTURES = loadFixtures();

export function fixture(file: string): Scenario {
  const found = FIXTURES.find((f) => f.file === file);
  if (!found) throw new Error(`no fixture ${file}`);
  return structuredClone(found.scenario);
}

const references = new Map<string, Promise<ScenarioRun>>();

/** The scenario run on the pure core alone (the in-memory host): the reference every runtime must reproduce. */
export function reference(key: string, scenario: Scenario): Promise<ScenarioRun> {
  let run = references.get(key);
  if (!run) references.set(key, (run = runScenarioInMemory(scenario, registry)));
  return run;
}

/** A guidance of the Ái Mộ kind to `count` cells of three members each, with no facts: only the fan-out happens. */
export function wideScenario(count: number): Scenario {
  const cells: ScenarioOrg[] = Array.from({ length: count }, (_, i) => ({
    code: `CB-${String(i + 1).padStart(5, '0')}`,
    name: `Chi bộ ${i + 1}`,
    kind: 'cell',
    abbr: 'CB',
    members: [
      { id: 'bt', name: 'Bí thư', status: 'official', roles: ['secretary'] },
      { id: 'm1', name: 'Đảng viên 1', status: 'official', roles: [] },
      { id: 'm2', name: 'Đảng viên 2', status: 'official', roles: [] },
    ],
    children: [],
  }));
  return parseScenario({
    format: 'chibo-scenario/1',
    name: `fan-out-${count}`,
    source: 'conformance',
    until: '2022-03-16',
    org: { code: 'DU-WIDE', name: 'Đảng ủy thử nghiệm', kind: 'committee', abbr: 'ĐU', term: { from: '2020-08-01' }, members: [], children: cells },
    guidance: {
      number: '99-HD/ĐU',
      issuedOn: '2022-03-16',
      issuer: 'DU-WIDE',
      title: 'Hướng dẫn thử triển khai rộng',
      procedure: 'thematic-session',
      rubric: 'binh-thuan-100',
      sessionBy: '2022-04-30',
      reportBy: '2022-05-10',
      cells: 'all',
    },
    cells: {},
  });
}
