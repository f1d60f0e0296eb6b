import { createRegistry } from '@chibo/catalog';
import type { FieldView } from '../forms/schema-form';
import { applyEditorAction, diffSteps, diffView, editorFrom, editorView, orderIssues, readEditor } from './procedure-editor';

/** What a browser posts for the editor as rendered: every field's value, ticked checkboxes as "on". */
function posted(fields: FieldView[]): Record<string, string> {
  return Object.fromEntries(fields.flatMap((f) => (f.widget === 'checkbox' ? (f.checked ? [[f.name, 'on']] : []) : [[f.name, f.value]])));
}

const registry = createRegistry();
const base = registry.procedure('thematic-session');

describe('the procedure composer', () => {
  const state = editorFrom(base, 'DU-NGOC-LAM');

  it('should add self-criticism right after the session, where its plugin says it belongs', () => {
    const added = applyEditorAction(state, 'add', 'self-criticism:self-assess@1', registry);
    const ids = added.steps.map((s) => s.id);
    expect(ids.indexOf('self-criticism')).toBe(ids.indexOf('hold-session') + 1);
    expect(diffSteps(base.steps, added.steps)).toEqual({ added: ['self-criticism'], removed: [], moved: [], changed: [] });
  });

  it('should move and remove steps, and name what changed', () => {
    const moved = applyEditorAction(state, 'up:8', '', registry);
    expect(moved.steps.map((s) => s.id).slice(-2)).toEqual(['report', 'resolution']);
    expect(diffSteps(base.steps, moved.steps).moved).toHaveLength(1);
    const removed = applyEditorAction(state, 'remove:0', '', registry);
    expect(diffSteps(base.steps, removed.steps).removed).toEqual(['plan']);
  });

  it('should read the rubric and parameters from the form and keep the step list from its hidden field', () => {
    const index = base.steps.findIndex((s) => s.id === 'hold-session');
    const { state: read, problem } = readEditor(
      {
        steps: JSON.stringify(base.steps),
        rubric: 'binh-thuan-100',
        title: 'Sinh hoạt chuyên đề 2022',
        // Every step's fields as the page shows them; only hold-session's are changed.
        ...Object.fromEntries(base.steps.map((_, i) => [`params.${i}._shown`, '1'])),
        ...posted(editorView(state, registry, 'vi', new Map(), []).steps.flatMap((s) => s.fields)),
        [`params.${index}.minMinutes`]: '120',
        [`params.${index}.combined`]: 'on',
      },
      registry,
      state,
    );
    expect(problem).toBe(false);
    expect(read.title).toBe('Sinh hoạt chuyên đề 2022');
    expect(read.steps.find((s) => s.id === 'score')!.params).toEqual({ rubric: 'binh-thuan-100' });
    expect(read.steps[index]!.params).toMatchObject({ minMinutes: 120, combined: true });
    expect(diffSteps(base.steps, read.steps).changed).toEqual(['hold-session', 'score']);
  });

  it('should fall back to the base definition when the hidden step list was tampered with', () => {
    const { state: read, problem } = readEditor({ steps: '[{"id":"x","kind":"nope"}' }, registry, state);
    expect(problem).toBe(true);
    expect(read.steps).toEqual(state.steps);
  });

  it('should show parameters in Vietnamese with shares as percentages, and read a percentage back as the share the step reads', () => {
    const index = base.steps.findIndex((s) => s.id === 'hold-session');
    const fields = editorView(state, registry, 'vi', new Map(), []).steps[index]!.fields;
    const threshold = fields.find((f) => f.name === `params.${index}.attendanceThreshold`)!;
    expect(threshold).toMatchObject({ label: 'Tỷ lệ đảng viên dự họp phải vượt (%)', value: '85', max: 100 });
    expect(fields.find((f) => f.name === `params.${index}.minMinutes`)).toMatchObject({ label: 'Thời gian sinh hoạt tối thiểu (phút)', value: '90' });
    expect(fields.find((f) => f.name === `params.${index}.draftApproval`)!.options.map((o) => o.label)).toEqual([
      'Bắt buộc: chưa duyệt thì chưa ghi nhận được buổi sinh hoạt',
      'Cho ghi nhận, nhưng ghi phát hiện nếu chưa duyệt',
      'Không yêu cầu dự thảo',
    ]);
    const body = { steps: JSON.stringify(base.steps), ...Object.fromEntries(base.steps.map((_, i) => [`params.${i}._shown`, '1'])), ...posted(editorView(state, registry, 'vi', new Map(), []).steps.flatMap((s) => s.fields)) };
    // Unchanged defaults are not written; 90 % is written as 0.9 and shown so in the diff.
    expect(readEditor(body, registry, state).state.steps[index]!.params).toEqual({});
    const read = readEditor({ ...body, [`params.${index}.attendanceThreshold`]: '90' }, registry, state).state;
    expect(read.steps[index]!.params).toEqual({ attendanceThreshold: 0.9 });
    expect(diffView(base.steps, read.steps, registry, 'vi').lines[0]!.details).toEqual(['Tỷ lệ đảng viên dự họp phải vượt (%): — → 90%']);
  });

  it('should flag a step placed before what it needs, in the page’s language', () => {
    const moved = applyEditorAction(state, 'up:8', '', registry);
    expect(orderIssues(moved.steps, registry, 'en').map((i) => [i.path, i.message])).toEqual([
      ['steps.7', 'Step “Report upward” needs the result of the vote, but step “Adopt the resolution”, which provides it, comes later: move this step below it.'],
    ]);
    expect(orderIssues(state.steps, registry, 'vi')).toEqual([]);
  });
});
