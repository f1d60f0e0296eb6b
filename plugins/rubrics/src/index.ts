import { definePlugin } from '@chibo/procedure';
import { rubricFromSheet, SHIPPED_SHEETS } from '@chibo/rules';
import { rubricContribution } from './rubric-contribution';

export { rubricContribution } from './rubric-contribution';

// The shipped rubrics are built from their sheets exactly as a committee's own sheet is (ADR 0020).
const shipped = (id: string) => rubricFromSheet(id, SHIPPED_SHEETS[id]!);

/** Phú Thọ's weighted score sheet: preparation 15, attendance 20, conduct 45, closing 20. */
export const rubricPhuThoPlugin = definePlugin({
  id: 'rubric-phu-tho',
  title: { vi: 'Thang điểm Phú Thọ (100 điểm)', en: 'Phú Thọ rubric (100 points)' },
  steps: [],
  rubrics: [rubricContribution(shipped('phu-tho-100'), { vi: 'Phú Thọ, 100 điểm', en: 'Phú Thọ, 100 points' })],
});

/** Bình Thuận's 100-point sheet: Tốt needs full marks on attendance, duration, participation and minutes. */
export const rubricBinhThuanPlugin = definePlugin({
  id: 'rubric-binh-thuan',
  title: { vi: 'Thang điểm Bình Thuận (100 điểm)', en: 'Bình Thuận rubric (100 points)' },
  steps: [],
  rubrics: [rubricContribution(shipped('binh-thuan-100'), { vi: 'Bình Thuận, 100 điểm', en: 'Bình Thuận, 100 points' })],
});

/** Rating chosen directly by the scorers: Tốt / Khá / Trung bình / Kém. */
export const rubricFourLevelPlugin = definePlugin({
  id: 'rubric-four-level',
  title: { vi: 'Xếp loại bốn mức', en: 'Four-level rating' },
  steps: [],
  rubrics: [rubricContribution(shipped('four-level'), { vi: 'Xếp loại trực tiếp bốn mức', en: 'Direct four-level rating' })],
});
