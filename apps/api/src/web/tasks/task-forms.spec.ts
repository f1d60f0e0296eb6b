import { rubricBinhThuanPlugin } from '@chibo/plugin-rubrics';
import type { RosterMember } from '@chibo/procedure';
import { readSession, applySessionAction, sessionErrorKeys, sessionInput, attendanceSummary } from './session-form';
import { scoreResult } from './score-form';
import type { TaskContext } from './task-context.service';
import { applyVoteAction, readVote, voteInput, voteTally } from './vote-form';

/** The Ái Mộ roster: 16 official members and one probationary (m17). */
const ROSTER: RosterMember[] = [
  { id: 'nga', name: 'Ngô Thị Nga', status: 'official', roles: ['secretary'] },
  ...Array.from({ length: 15 }, (_, i) => ({ id: `m${String(i + 2).padStart(2, '0')}`, name: `Đảng viên ${i + 2}`, status: 'official' as const, roles: [] })),
  { id: 'm17', name: 'Đảng viên 17', status: 'probationary', roles: [] },
];
const ABSENT = [
  { member: 'm07', reason: 'F0', excused: true },
  { member: 'm11', reason: 'F0', excused: true },
];

function context(absent = ABSENT, threshold = 0.5): TaskContext {
  return { roster: ROSTER, params: { threshold }, state: { facts: { session: { absent } } } } as unknown as TaskContext;
}

describe('the session record', () => {
  it('should read members left unticked as absent, with their reason and whether it is accepted', () => {
    const present = ROSTER.map((m) => m.id).filter((id) => id !== 'm07' && id !== 'm11');
    const values = readSession({ present, 'reason.m07': ' F0 ', 'excused.m07': 'on', 'reason.m11': 'Ốm', heldAt: '2022-04-01T14:00', minutes: '120' }, ROSTER);
    expect(values.absent).toEqual([
      { member: 'm07', reason: 'F0', excused: true },
      { member: 'm11', reason: 'Ốm', excused: false },
    ]);
    expect(sessionInput(values)).toMatchObject({ minutes: 120, absent: values.absent, online: false });
    expect(attendanceSummary(ROSTER, values.absent, 'vi')).toMatchObject({ present: 15, total: 17, excused: 1, unexcused: 1, denominator: 15 });
  });

  it('should add and remove opinion rows without losing the others', () => {
    const values = readSession({ present: ['nga'], 'opinions.0.by': 'm04', 'opinions.0.text': 'Một', 'opinions.1.by': 'm05', 'opinions.1.text': 'Hai' }, ROSTER);
    expect(applySessionAction(values, 'add-opinion').opinions).toHaveLength(3);
    expect(applySessionAction(values, 'remove:opinions.0').opinions).toEqual([{ by: 'm05', text: 'Hai' }]);
  });

  it('should move an absentee’s issue from its index in the submission to that member’s row', () => {
    const values = readSession({ present: ROSTER.map((m) => m.id).filter((id) => id !== 'm11') }, ROSTER);
    const moved = sessionErrorKeys(new Map([['absent.0.reason', ['Ghi lý do vắng']]]), values);
    expect([...moved.keys()]).toEqual(['reason.m11']);
  });
});

describe('the live vote tally', () => {
  const everyone = ROSTER.filter((m) => m.status === 'official' && !['m07', 'm11'].includes(m.id)).map((m) => m.id);

  it('should show 14/14 — thông qua when every official member present votes for (two excused absences, one probationary)', () => {
    const values = applyVoteAction(readVote({ title: 'NQ', decisions: 'Một' }, context()), 'all-for', context());
    expect(Object.keys(values.votes)).toEqual(everyone);
    const tally = voteTally(values, context(), 'vi');
    expect(tally).toMatchObject({ for: 14, denominator: 14, required: 8, adopted: true, headline: '14/14 — thông qua' });
    expect(voteInput(values)['vote']).toEqual({ for: everyone, against: [], abstain: [] });
  });

  it('should not pass with half or less of the denominator, and count an unexcused absentee in it', () => {
    const unexcused = [{ member: 'm07', reason: 'Không rõ', excused: false }];
    const seven = Object.fromEntries(everyone.slice(0, 7).map((id) => [`vote.${id}`, 'for']));
    const tally = voteTally(readVote(seven, context(unexcused)), context(unexcused), 'vi');
    expect(tally).toMatchObject({ for: 7, denominator: 16, adopted: false, headline: '7/16 — không thông qua' });
  });

  it('should ignore a hand for someone who may not vote (probationary, absent)', () => {
    const values = readVote({ 'vote.m17': 'for', 'vote.m07': 'for', 'vote.nga': 'against' }, context());
    expect(values.votes['m17']).toBeUndefined();
    expect(values.votes['m07']).toBeUndefined();
    expect(voteTally(values, context(), 'en').headline).toBe('0/14 — not adopted');
  });

  it('should count a secret ballot from the numbers typed', () => {
    const values = readVote({ method: 'secret', 'count.for': '9', 'count.against': '5' }, context());
    expect(voteInput(values)['vote']).toEqual({ for: 9, against: 5, abstain: 0 });
    expect(voteTally(values, context(), 'vi').headline).toBe('9/14 — thông qua');
  });
});

describe('the live score', () => {
  const rubric = rubricBinhThuanPlugin.rubrics![0]!;
  const marks = { preparation: '18', attendance: '20', duration: '10', participation: '20', minutes: '10', principles: '10', results: '8' };

  it('should give 96 — Tốt with full marks on the four criteria Bình Thuận requires', () => {
    expect(scoreResult({ marks, rating: '' }, rubric, 'vi')).toMatchObject({ complete: true, total: '96', max: '100', rating: 'Tốt', capped: false });
  });

  it('should cap the rating at Khá, naming the criterion, when attendance is not full', () => {
    const result = scoreResult({ marks: { ...marks, attendance: '19', results: '10' }, rating: '' }, rubric, 'vi');
    expect(result).toMatchObject({ total: '97', rating: 'Khá', capped: true });
    expect(result.note).toContain('Tham dự');
  });

  it('should show the running total while marks are missing, without a rating', () => {
    expect(scoreResult({ marks: { ...marks, results: '' }, rating: '' }, rubric, 'vi')).toMatchObject({ complete: false, total: '88', rating: null });
  });
});
