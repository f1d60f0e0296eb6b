import type { StepContext } from '@chibo/procedure';
import { awaitReportsStep } from './await-reports.step';

type Ctx = Parameters<typeof awaitReportsStep.start>[0];

function ctx(cells: number, reported: number[], started = cells, over: { noticeEachReportUpTo?: number; noticed?: number; now?: string } = {}): Ctx {
  const children = Object.fromEntries(
    Array.from({ length: started }, (_, i) => [`CB-${i + 1}`, { key: `CB-${i + 1}`, org: `CB-${i + 1}`, batch: 'batch-1', started: true, ...(reported.includes(i) ? { report: {}, reportedAt: '2026-04-01T00:00:00.000Z' } : {}) }]),
  );
  return {
    context: { org: { code: 'DU-X' }, guidance: { number: '27-HD/ĐU' }, cells: Array.from({ length: cells }, (_, i) => ({ code: `CB-${i + 1}`, name: `Chi bộ ${i + 1}` })) },
    params: { reminderDaysBefore: 3, reminderDaysAfter: 3, noticeEachReportUpTo: over.noticeEachReportUpTo ?? 100 },
    state: over.noticed === undefined ? {} : { noticed: over.noticed },
    now: over.now ?? '2026-04-01T03:00:00.000Z',
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

  describe('a guidance past noticeEachReportUpTo recipients', () => {
    const large = (reported: number[], noticed?: number, now?: string) => ctx(5, reported, 5, { noticeEachReportUpTo: 4, ...(noticed !== undefined ? { noticed } : {}), ...(now ? { now } : {}) });

    it('should not tell the committee of each report, but wait for the end of the day (Vietnam time) it arrived', () => {
      // 10:00 in Hà Nội on 1 April; the day ends at 17:00 UTC.
      const reaction = awaitReportsStep.onChildReport!(large([0]), 'CB-1', {});
      expect(reaction.effects).toBeUndefined();
      expect(reaction.timers).toEqual([{ key: 'report-digest-2026-04-01', fireAt: '2026-04-01T17:00:00.000Z' }]);
      // 23:30 in Hà Nội is already 2 April there.
      expect(awaitReportsStep.onChildReport!(large([0], undefined, '2026-04-01T16:30:00.000Z'), 'CB-1', {}).timers).toEqual([{ key: 'report-digest-2026-04-01', fireAt: '2026-04-01T17:00:00.000Z' }]);
      expect(awaitReportsStep.onChildReport!(large([0], undefined, '2026-04-01T17:30:00.000Z'), 'CB-1', {}).timers).toEqual([{ key: 'report-digest-2026-04-02', fireAt: '2026-04-02T17:00:00.000Z' }]);
    });

    it('should send one notice at the end of the day with the day’s count and the total so far, and remember it', () => {
      const reaction = awaitReportsStep.onTimer!(large([0, 2, 3], 1), { key: 'report-digest-2026-04-01' } as never);
      expect(reaction.effects).toEqual([
        { key: 'report-digest-2026-04-01', name: 'notify', input: { to: [{ role: 'committee', org: 'DU-X' }], kind: 'report-received', message: 'Thêm 2 đơn vị đã gửi báo cáo kết quả theo 27-HD/ĐU; đã có 3/5 đơn vị báo cáo', org: 'DU-X' } },
      ]);
      expect(reaction.state).toEqual({ noticed: 3 });
      // Nothing new since the last notice: nothing sent.
      expect(awaitReportsStep.onTimer!(large([0, 2, 3], 3), { key: 'report-digest-2026-04-02' } as never)).toEqual({});
    });

    it('should tell the committee at once when the last report arrives, and cancel that day’s notice', () => {
      const reaction = awaitReportsStep.onChildReport!(large([0, 1, 2, 3, 4], 3), 'CB-5', {});
      expect(reaction.effects?.[0]?.input).toMatchObject({ message: 'Thêm 2 đơn vị đã gửi báo cáo kết quả theo 27-HD/ĐU; đã có 5/5 đơn vị báo cáo' });
      expect(reaction).toMatchObject({ complete: {}, cancelTimers: ['reminder-before', 'reminder-after', 'report-digest-2026-04-01'] });
    });

    it('should keep telling the committee of each report up to the threshold', () => {
      expect(awaitReportsStep.onChildReport!(ctx(4, [0], 4, { noticeEachReportUpTo: 4 }), 'CB-1', {}).effects).toHaveLength(1);
    });
  });
});
