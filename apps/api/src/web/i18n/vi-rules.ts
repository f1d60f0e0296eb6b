/**
 * Field issues worded at the edge (ADR 0034), by rule: `rule.<rule>` with the issue's data (`params`) filled in, and
 * the words of that data (`issue.<param>.<value>`). The schemas' rules (`rule.min.*`, `rule.max.*`, `rule.type`…)
 * say here what the core says in Vietnamese (`vietnameseErrorMap`); Vietnamese pages keep the core's message, which
 * is often the schema's own, naming the field.
 */
export const VI_RULES = {
  'rule.required': 'Bắt buộc phải có',
  'rule.type': 'Phải là {expected}',
  'rule.min': 'Giá trị quá nhỏ',
  'rule.min.string.one': 'Không được để trống',
  'rule.min.array.one': 'Phải có ít nhất một phần tử',
  'rule.min.string': 'Phải có ít nhất {minimum} ký tự',
  'rule.min.array': 'Phải có ít nhất {minimum} phần tử',
  'rule.min.number': 'Phải lớn hơn hoặc bằng {minimum}',
  'rule.min.number.exclusive': 'Phải lớn hơn {minimum}',
  'rule.max': 'Giá trị quá lớn',
  'rule.max.string': 'Chỉ được có tối đa {maximum} ký tự',
  'rule.max.array': 'Chỉ được có tối đa {maximum} phần tử',
  'rule.max.number': 'Phải nhỏ hơn hoặc bằng {maximum}',
  'rule.max.number.exclusive': 'Phải nhỏ hơn {maximum}',
  'rule.enum': 'Phải là một trong các giá trị: {values}',
  'rule.format': 'Không đúng định dạng',
  'issue.expected.string': 'chuỗi ký tự',
  'issue.expected.number': 'số',
  'issue.expected.int': 'số nguyên',
  'issue.expected.boolean': 'giá trị đúng/sai',
  'issue.expected.array': 'danh sách',
  'issue.expected.object': 'đối tượng',
  'issue.expected.date': 'ngày',
  // The API's input rules (ADR 0014).
  'rule.max-length': 'Tối đa {max} ký tự.',
  'rule.too-deep': 'Lồng nhau quá sâu: tối đa {max} cấp.',
  'rule.control-characters': 'Không được chứa ký tự điều khiển (ví dụ ký tự NUL).',
  'rule.invisible-characters': 'Không được chứa ký tự vô hình (ký tự độ rộng bằng không).',
  'rule.bidi-control': 'Không được chứa ký tự điều khiển hướng chữ (bidi).',
  'rule.lone-surrogate': 'Chứa ký tự Unicode không hợp lệ (nửa cặp thay thế UTF-16).',
  // Issuing a guidance (POST /guidance and its form).
  'rule.session-before-issued': 'Hạn sinh hoạt không thể trước ngày ban hành.',
  'rule.report-before-session': 'Hạn báo cáo không thể trước hạn sinh hoạt.',
  'rule.duplicate': 'Chi bộ {cell} được liệt kê hai lần.',
  'rule.not-a-committee': '{org} là chi bộ; hướng dẫn do cấp ủy ban hành.',
  'rule.unknown-procedure': 'Không có quy trình “{procedure}” trong các plugin đang bật.',
} as const;
