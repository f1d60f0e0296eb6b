/** The self-criticism page's words (keys start with the plugin's id). */
export const SELF_CRITICISM_VI = {
  'self-criticism.hint': 'Đánh dấu những biểu hiện (theo Nghị quyết 04-NQ/TW) mà đồng chí còn mắc; để trống nếu không có.',
  'self-criticism.plan': 'Kế hoạch khắc phục của đồng chí',
  'self-criticism.planHint': 'Những việc đồng chí sẽ làm để khắc phục hạn chế.',
  'self-criticism.param.dueDays': 'Hạn nộp bản tự kiểm điểm (số ngày sau buổi sinh hoạt)',
  'self-criticism.param.remindDays': 'Nhắc người chưa nộp sau (ngày)',
  'self-criticism.rule.unknown-manifestation': '“{code}” không phải mã biểu hiện (1.1 đến 3.9).',
  'self-criticism.rule.duplicate': 'Biểu hiện {code} bị chọn hai lần.',
} as const;

export const SELF_CRITICISM_EN: Record<keyof typeof SELF_CRITICISM_VI, string> = {
  'self-criticism.hint': 'Tick the manifestations (Resolution 04-NQ/TW) that still apply to you; leave all unticked if none do.',
  'self-criticism.plan': 'Your remediation plan',
  'self-criticism.planHint': 'What you will do to correct your shortcomings.',
  'self-criticism.param.dueDays': 'Self-assessments due (days after the session)',
  'self-criticism.param.remindDays': 'Remind those who have not submitted after (days)',
  'self-criticism.rule.unknown-manifestation': '“{code}” is not a manifestation code (1.1 to 3.9).',
  'self-criticism.rule.duplicate': 'Manifestation {code} is ticked twice.',
};
