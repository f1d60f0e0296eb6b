import type { StepContext } from '@chibo/procedure';
import { awaitReportsStep } from './await-reports.step';

type Ctx = Parameters<typeof awaitReportsStep.start>[0];

function ctx(cells: number, reported: number[], started = cells): Ctx {
  const children = Object.fromEntries(
    Array.from({ length: started }, (_, i) => [`CB-${i + 1}`, { key: `CB-${i + 1}`, org: `CB-${i + 1}`, batch: 'batch-1', started: true, ...(reported.includes(i) ? { report: {}, reportedAt: '2026-04-01T00:00:00.000Z' } : {}) }]),
  );
  return {
    context: { org: { code: 'DU-X' }, guidance: { number: '27-HD/ĐU' }, cells: Array.from({ length: cells }, (_, i) => ({ code: `CB-${i + 1}`, name: `Chi bộ ${i + 1}` })) },
    params: { reminderDaysBefore: 3, reminderDaysAfter: 3 },
    state: {},
    children,
    childrenReported: reported.filter((i) => i < started).length,
    current: true,
  } as unknown as StepContext<never, never> as Ctx;
}

describe('guidance:await-reports', () => {
  it('should complete when the last cell reports, whatever the order of the reports', () => {
    expect(awaitReportsStep.onChildReport!(ctx(3, [2, 0]), 'CB-1', {}).complete).toBeUndefined();
    expect(awaitReportsStep.onChildReport!(ctx(3, [1, 2]), 'CB-3', {}).complete).toBeUndefined();
    expect(awaitReportsStep.onChildReport!(ctx(3, [0, 1, 2]), 'CB-2', {})).toMatchObject({ cancelTimers: ['reminder-before', 'reminder-after'], complete: {} });
  });

  it('should tell the committee that issued the guidance of each report when it arrives, early or last', () => {
    for (const reaction of [awaitReportsStep.onChildReport!(ctx(3, [1]), 'CB-2', {}), awaitReportsStep.onChildReport!(ctx(3, [0, 1, 2]), 'CB-2', {})]) {
      expect(reaction.effects).toEqual([
        { key: 'report-received-CB-2', name: 'notify', input: { to: [{ role: 'committee', org: 'DU-X' }], kind: 'report-received', message: 'Chi bộ 2 đã gửi báo cáo kết quả theo 27-HD/ĐU', org: 'DU-X' } },
      ]);
    }
  });

  it('should not complete while cells in scope have not been started yet, even if every started one reported', () => {
    expect(awaitReportsStep.onChildReport!(ctx(3, [0, 1], 2), 'CB-2', {}).complete).toBeUndefined();
  });

  it('should complete at once when the guidance reaches it with every cell reported', () => {
    expect(awaitReportsStep.start(ctx(2, [0, 1])).complete).toEqual({});
    expect(awaitReportsStep.start(ctx(2, [0])).complete).toBeUndefined();
  });
});
