/**
 * Vietnamese messages of what a cell's secretary records beyond the forms the steps generate: the facts the minutes
 * state (when the draft was sent, the minutes adopted), the draft as the reviewer and the members read it, and the
 * session figures the score sheet scores.
 */
export const VI_SECRETARY = {
  'field.draftSentAt': 'Thời điểm gửi dự thảo tới đảng viên',
  'hint.draftSentAt': 'Để trống nếu dự thảo không được gửi trước. Biên bản và báo cáo chỉ ghi việc gửi dự thảo khi có thời điểm ở đây.',
  'field.minutesAdopted': 'Thư ký đã đọc lại biên bản và hội nghị nhất trí thông qua',
  'hint.minutesAdopted': 'Chỉ đánh dấu khi biên bản đã được đọc lại trước khi bế mạc; nếu không, biên bản không ghi câu thông qua.',
  'session.recordedFacts': 'Dự thảo và biên bản',
  'session.recordedFactsHint': 'Văn bản chỉ ghi những việc đã được ghi nhận ở đây.',

  'field.shortNotice': 'Xác nhận triệu tập gấp',
  'hint.shortNotice': 'Hướng dẫn 12: đảng viên nhận thông báo và dự thảo trước buổi sinh hoạt ít nhất 24 giờ (chi bộ có thể được cấp trên quy định khác). Chỉ đánh dấu khi buộc phải triệu tập sát giờ hơn.',

  'login.role': 'Vai trò',

  'upload.tooLarge': 'Tệp quá lớn: tối đa {mb} MB',
  'upload.unreadable': 'Không đọc được tệp gửi lên; đồng chí chọn lại tệp và gửi lại',
  'upload.type': 'Tệp “{name}” không phải PDF hay DOCX: chỉ nhận dự thảo dạng PDF hoặc Word (.docx)',
  'draft.download': 'Tải tệp đính kèm',

  'field.closingNote': 'Ghi chú khi kết thúc (không bắt buộc)',
  'hint.closingNote': 'Đồng chí nào chưa nộp bản tự kiểm điểm sẽ được ghi tên trong phát hiện tuân thủ của chi bộ.',

  'draft.heading': 'Dự thảo chuyên đề',
  'draft.version': 'Bản {n}',
  'draft.latest': 'Bản {n} (bản mới nhất)',
  'draft.submittedAt': 'nộp lúc {date}',
  'draft.noTitle': '(không có tiêu đề)',
  'draft.attachment': 'Tệp đính kèm',
  'draft.earlier': 'Các bản trước',
  'draft.none': 'Chưa có bản dự thảo nào được nộp.',
  'draft.brief': 'Yêu cầu của chi ủy khi phân công',

  'score.scoredSession': 'Buổi sinh hoạt được chấm',
  'score.attendance': 'Dự họp: {present}/{total} đồng chí ({rate})',
  'score.duration': 'Thời lượng: {minutes} phút',
  'score.opinions': 'Ý kiến phát biểu: {n}',
} as const;
