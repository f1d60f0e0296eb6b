import { checkStepOrder, stepOrderIssues, type StepRef } from '@chibo/procedure';
import { createRegistry } from './index';

const registry = createRegistry();
const thematic = registry.listProcedures().find((p) => p.key === 'thematic-session')!;
const move = (steps: readonly StepRef[], id: string, before: string): StepRef[] => {
  const step = steps.find((s) => s.id === id)!;
  const rest = steps.filter((s) => s.id !== id);
  rest.splice(rest.findIndex((s) => s.id === before), 0, step);
  return rest;
};

describe('the step order check (what each step requires, uses and provides)', () => {
  it('should find nothing wrong in any procedure the plugins ship', () => {
    for (const procedure of registry.listProcedures()) expect({ key: procedure.key, problems: checkStepOrder(procedure.steps, registry) }).toEqual({ key: procedure.key, problems: [] });
  });

  it('should refuse the report before the score and the vote, naming each fact and the later step that provides it', () => {
    const ids = thematic.steps.map((s) => s.id);
    const report = ids.find((id) => thematic.steps.find((s) => s.id === id)!.kind.startsWith('thematic:report'))!;
    const score = ids.find((id) => thematic.steps.find((s) => s.id === id)!.kind.startsWith('thematic:score'))!;
    const problems = checkStepOrder(move(thematic.steps, report, score), registry);
    expect(problems.filter((p) => p.step === report).map((p) => [p.fact, p.problem])).toEqual(
      expect.arrayContaining([
        ['resolution', 'later'],
        ['score', 'later'],
      ]),
    );
    expect(problems.every((p) => p.step === report)).toBe(true);
  });

  it('should refuse a vote with no session recorded anywhere, and a session that needs a draft nobody writes — unless approval is off', () => {
    const withoutSession = thematic.steps.filter((s) => !s.kind.startsWith('thematic:hold-session'));
    expect(checkStepOrder(withoutSession, registry)).toEqual(expect.arrayContaining([expect.objectContaining({ fact: 'session', problem: 'missing', providedBy: null })]));
    const noDraft = thematic.steps.filter((s) => !/thematic:(assign|submit|review)-draft/.test(s.kind));
    expect(checkStepOrder(noDraft, registry).map((p) => p.fact)).toEqual(['draft']);
    const approvalOff = noDraft.map((s) => (s.kind.startsWith('thematic:hold-session') ? { ...s, params: { ...s.params, draftApproval: 'none' } } : s));
    expect(checkStepOrder(approvalOff, registry)).toEqual([]);
  });
});

describe('the step order as field issues (what the composer and the API refuse to publish)', () => {
  it('should name both steps and the fact, in Vietnamese, on the misplaced step, with the data for other languages', () => {
    const report = thematic.steps.find((s) => s.kind.startsWith('thematic:report'))!;
    const vote = thematic.steps.find((s) => s.kind.startsWith('thematic:resolution'))!;
    const issues = stepOrderIssues(move(thematic.steps, report.id, vote.id), registry);
    const onReport = issues.find((i) => i.params?.['fact'] === 'resolution')!;
    expect(onReport).toMatchObject({ rule: 'step-order-later', params: { step: report.id, fact: 'resolution', providedBy: vote.id } });
    expect(onReport.path).toBe(`steps.${thematic.steps.indexOf(vote)}`);
    expect(onReport.message).toBe('Bước “Báo cáo kết quả lên cấp trên” cần kết quả biểu quyết nghị quyết, nhưng bước “Biểu quyết thông qua nghị quyết” tạo ra nó lại đứng sau: chuyển bước này xuống sau bước đó');
  });
});
