import { formatDeadline } from './deadline';

describe('deadlines as people read them', () => {
  it('should show a deadline ending with 31/12 as that day, not as 01/01 00:00 of the next year', () => {
    // The end of 31/12/2026 in Hà Nội (UTC+7).
    expect(formatDeadline('2026-12-31T17:00:00.000Z', 'vi')).toBe('31/12/2026');
    expect(formatDeadline('2026-12-31T17:00:00.000Z', 'en')).toBe('31 Dec 2026');
  });

  it('should keep the time of a deadline that is not the end of a day', () => {
    expect(formatDeadline('2022-04-01T07:00:00.000Z', 'vi')).toBe('01/04/2022 14:00');
    expect(formatDeadline(null, 'vi')).toBe('');
  });
});
