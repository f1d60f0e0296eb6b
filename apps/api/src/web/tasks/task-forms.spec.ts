import type { RosterMember } from '@chibo/procedure';
import { readSession, applySessionAction, sessionErrorKeys, sessionInput, attendanceSummary } from './session-form';

/** The Ái Mộ roster: 16 official members and one probationary (m17). */
const ROSTER: RosterMember[] = [
  { id: 'nga', name: 'Ngô Thị Nga', status: 'official', roles: ['secretary'] },
  ...Array.from({ length: 15 }, (_, i) => ({ id: `m${String(i + 2).padStart(2, '0')}`, name: `Đảng viên ${i + 2}`, status: 'official' as const, roles: [] })),
  { id: 'm17', name: 'Đảng viên 17', status: 'probationary', roles: [] },
];
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
