import { type MemberStatus } from './attendance';
import { nextAssignee } from './rotation';

const cell: Array<{ id: string; status: MemberStatus }> = [
  { id: 'an', status: 'official' },
  { id: 'binh', status: 'official' },
  { id: 'chi', status: 'probationary' },
  { id: 'dung', status: 'official' },
];

describe('nextAssignee', () => {
  it('should pick the first member in roster order when nobody has been assigned', () => {
    expect(nextAssignee(cell, {})).toBe('an');
  });

  it('should pick a never-assigned member before anyone assigned, in roster order', () => {
    expect(nextAssignee(cell, { an: '2022-01-10T01:00:00.000Z', binh: '2022-02-10T01:00:00.000Z' })).toBe('chi');
  });

  it('should treat an explicit undefined as never assigned', () => {
    expect(nextAssignee(cell, { an: '2022-01-10T01:00:00.000Z', binh: undefined })).toBe('binh');
  });

  it('should pick the oldest last assignment when everyone has been assigned', () => {
    const last = {
      an: '2022-04-01T01:00:00.000Z',
      binh: '2022-02-01T01:00:00.000Z',
      chi: '2022-03-01T01:00:00.000Z',
      dung: '2022-01-01T01:00:00.000Z',
    };
    expect(nextAssignee(cell, last)).toBe('dung');
  });

  it('should break ties by roster order when two last assignments are the same instant', () => {
    const last = {
      an: '2022-04-01T01:00:00.000Z',
      binh: '2022-03-01T08:00:00+07:00',
      chi: '2022-04-01T01:00:00.000Z',
      dung: '2022-03-01T01:00:00.000Z',
    };
    // binh and dung were both last assigned at 01:00 UTC on 1 March; binh comes first in the roster.
    expect(nextAssignee(cell, last)).toBe('binh');
  });

  it.each<{ status: MemberStatus; expected: string }>([
    { status: 'exempt', expected: 'binh' },
    { status: 'suspended', expected: 'binh' },
    { status: 'probationary', expected: 'an' },
    { status: 'official', expected: 'an' },
  ])('should pick $expected when the first member is $status', ({ status, expected }) => {
    const roster = cell.map((member, i) => (i === 0 ? { ...member, status } : member));
    expect(nextAssignee(roster, {})).toBe(expected);
  });

  it('should skip excluded members when an exclusion list is given', () => {
    expect(nextAssignee(cell, {}, ['an', 'binh'])).toBe('chi');
  });

  it('should return undefined when nobody is left', () => {
    expect(nextAssignee(cell, {}, ['an', 'binh', 'chi', 'dung'])).toBeUndefined();
    expect(nextAssignee([], {})).toBeUndefined();
    expect(nextAssignee([{ id: 'x', status: 'exempt' }], {})).toBeUndefined();
  });

  it('should not mistake inherited object keys for assignments when an id is "constructor"', () => {
    const roster = [
      { id: 'an', status: 'official' as const },
      { id: 'constructor', status: 'official' as const },
    ];
    expect(nextAssignee(roster, { an: '2022-01-01T00:00:00.000Z' })).toBe('constructor');
  });

  it('should throw a RangeError when a last assignment is not an instant', () => {
    expect(() => nextAssignee(cell, { an: '2022-01-01', binh: '2022-01-02T00:00:00.000Z', chi: 'x', dung: 'y' })).toThrow(RangeError);
  });
});
