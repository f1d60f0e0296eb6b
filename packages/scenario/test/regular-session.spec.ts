import { composeDefinition, openTasks } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { InMemoryHost, OrgTree } from '../src';
import { fixture, registry } from './scenario-helpers';

const CELL = 'CB-THCS-AI-MO';

describe('the regular (monthly) session procedure', () => {
  it('should go from preparation through approval (with a revision) to the report, reusing the thematic session steps', () => {
    const scenario = fixture('ai-mo-2022');
    const tree = new OrgTree(scenario.org);
    const host = new InMemoryHost(registry, tree);
    const definition = composeDefinition(registry.procedure('regular-session'), { addSteps: ['self-criticism'], rubric: 'four-level' }, registry);
    const at = (t: string) => parseLocal(t);
    host.advanceTo(at('2022-05-02'));
    host.send('regular', { type: 'start', at: at('2022-05-02'), instanceId: 'regular', definition, context: tree.context(CELL) });
    const secretary = host.actor({ kind: 'member', org: CELL, member: 'nga' });
    const submit = (when: string, step: string, input: unknown, by = secretary) => {
      host.advanceTo(at(when));
      const task = openTasks(host.state('regular')).find((t) => t.stepId === step);
      if (!task) throw new Error(`no open ${step}; open: ${openTasks(host.state('regular')).map((t) => t.stepId)}`);
      const result = host.send('regular', { type: 'submit', at: at(when), taskId: task.id, by, input });
      if (!result.ok) throw new Error(`${step}: ${result.rejection.message}`);
    };
    submit('2022-05-02', 'prepare', { month: '2022-05', content: 'Đánh giá công tác tháng 4', draftResolution: 'Dự thảo nghị quyết tháng 5' });
    submit('2022-05-03', 'approve', { decision: 'revise', note: 'Bổ sung nhiệm vụ trọng tâm' });
    submit('2022-05-04', 'prepare', { month: '2022-05', content: 'Đánh giá công tác tháng 4 (bổ sung)', draftResolution: 'Dự thảo nghị quyết tháng 5' });
    submit('2022-05-05', 'approve', { decision: 'approve' });
    submit('2022-05-05', 'convene', { sessionAt: '2022-05-10T15:00', place: 'Phòng họp' });
    submit('2022-05-10T16:35', 'hold-session', { heldAt: '2022-05-10T15:00', minutes: 95, chair: 'nga', clerk: 'nhung', conclusion: 'Thống nhất nhiệm vụ tháng 5.' });
    for (const m of tree.get(CELL).members) submit('2022-05-10T16:35', 'self-criticism', { plan: 'Giữ gìn phẩm chất' }, host.actor({ kind: 'member', org: CELL, member: m.id }));
    submit('2022-05-10T16:40', 'score', { rating: 'Khá' });
    submit('2022-05-10T16:45', 'resolution', { title: 'Nghị quyết tháng 5', decisions: ['Thực hiện nhiệm vụ tháng 5.'], vote: { for: 16, against: 0, abstain: 0 } });
    submit('2022-05-11', 'report', {});
    const state = host.state('regular');
    expect(state.status).toBe('completed');
    expect(state.facts['draft']).toMatchObject({ versions: 2, status: 'approved', notes: ['Bổ sung nhiệm vụ trọng tâm'] });
    expect(state.facts['selfCriticism']).toMatchObject({ members: 17 });
    expect(state.facts['score']).toMatchObject({ rubric: 'four-level', rating: 'Khá', total: null });
    expect(state.documents.map((d) => d.type).sort()).toEqual(['BB', 'BC', 'NQ']);
  });
});
