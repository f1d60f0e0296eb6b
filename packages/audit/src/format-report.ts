import type { VerificationReport } from './verify/verification-report';

const LABELS: Record<string, string> = {
  modified: 'bị sửa',
  deleted: 'bị xóa',
  reordered: 'sai thứ tự',
  inserted: 'bị chèn',
  rewritten: 'bị viết lại',
  truncated: 'bị cắt bớt',
  'bad-signature': 'chữ ký sai',
  'unknown-key': 'khóa lạ',
  'document-modified': 'văn bản bị sửa',
  'document-missing': 'văn bản mất',
  unreadable: 'không đọc được',
  'journal-missing': 'mất sổ mốc',
};

/** A verification report as people read it (Vietnamese), for the CLI. */
export function formatReport(report: VerificationReport & { keySource?: 'given' | 'bundle' }): string {
  const n = (value: number) => value.toLocaleString('vi-VN');
  const cp = report.checkpoints;
  const sources = [`${n(cp.stored)} lưu trữ`, `${n(cp.fromReports)} trong báo cáo cấp trên đã nhận`, `${n(cp.fromDocuments)} in trong văn bản báo cáo`, ...(cp.fromJournal !== undefined ? [`${n(cp.fromJournal)} trong sổ mốc ngoài cơ sở dữ liệu`] : []), ...(cp.anchors ? [`${n(cp.anchors)} do bạn cung cấp`] : [])];
  const key =
    report.keySource === 'bundle'
      ? `Khóa ký: ${report.keyIds.join(', ')} (lấy từ chính gói — hãy so với mã khóa bạn được giao, hoặc dùng --public-key)`
      : `Khóa ký được tin cậy: ${report.keyIds.join(', ') || 'không có'}`;
  const lines = [
    `Nhật ký kiểm tra: ${n(report.entries)} mục trong ${n(report.chains)} chuỗi; ${n(cp.compared)} mốc kiểm chứng đã đối chiếu (${sources.join(', ')}); ${n(report.documents)} văn bản; ${n(report.durationMs)} ms.`,
    key,
  ];
  if (report.ok) {
    lines.push('KẾT QUẢ: toàn vẹn — không phát hiện mục nào bị sửa, xóa, chèn hay đảo thứ tự.');
  } else {
    lines.push(`KẾT QUẢ: PHÁT HIỆN ${n(report.problems.length)} vấn đề (mọi đoạn hỏng của mỗi chuỗi):`);
    report.problems.forEach((p, i) => lines.push(`  ${i + 1}. [${LABELS[p.code] ?? p.code}] ${p.message}`));
  }
  return lines.join('\n');
}
