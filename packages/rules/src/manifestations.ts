// The 27 manifestations of degradation listed by Nghị quyết 04-NQ/TW (Hội nghị Trung ương 4 khóa XII, 2016), used in
// the "tự soi, tự sửa" self-assessment. Titles are our own short summaries, not the resolution's wording, and were
// written without the official text at hand: check numbering and titles against it before members rely on the codes.

/** The three group titles; group n is at index n - 1. */
export const MANIFESTATION_GROUPS = Object.freeze([
  'Suy thoái về tư tưởng chính trị',
  'Suy thoái về đạo đức, lối sống',
  'Những biểu hiện “tự diễn biến”, “tự chuyển hóa”',
] as const);

/** A manifestation group number (1–3). */
export type ManifestationGroup = 1 | 2 | 3;

/** One manifestation: code "group.item" ('1.1' … '3.9'), its group and a short Vietnamese title. */
export interface Manifestation {
  code: string;
  group: ManifestationGroup;
  title: string;
}

const TITLES: Record<ManifestationGroup, readonly string[]> = {
  1: [
    'Phai nhạt lý tưởng, giảm sút niềm tin vào độc lập dân tộc và chủ nghĩa xã hội',
    'Xa rời mục đích của Đảng, không kiên định con đường xã hội chủ nghĩa, hùa theo quan điểm sai trái',
    'Xem nhẹ lý luận, lười học tập chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh và nghị quyết của Đảng',
    'Không chấp hành nghiêm nguyên tắc tổ chức, né tránh trách nhiệm, làm việc qua loa',
    'Tự phê bình và phê bình hình thức, nể nang, thấy sai không đấu tranh',
    'Nói không đi đôi với làm, phát ngôn tùy tiện, trái quan điểm của Đảng',
    'Mơ hồ, mất cảnh giác, ngại đấu tranh với quan điểm sai trái, thù địch',
    'Quan liêu, xa rời quần chúng, thờ ơ trước khó khăn và bức xúc của nhân dân',
    'Tham vọng chức quyền, kèn cựa địa vị, không chịu rèn luyện mà muốn được đề bạt',
  ],
  2: [
    'Chủ nghĩa cá nhân: ích kỷ, thực dụng, cơ hội, vụ lợi, đố kỵ người khác',
    'Kèn cựa, tranh giành chức quyền, cục bộ, bè phái, gây mất đoàn kết nội bộ',
    'Độc đoán, chuyên quyền, gia trưởng, coi thường tập thể',
    'Vô cảm, hách dịch, cửa quyền, gây phiền hà cho người dân',
    'Tham ô, tham nhũng, lợi dụng chức vụ, quyền hạn để trục lợi',
    'Lợi ích nhóm, thao túng, bao che cho người thân, tư duy nhiệm kỳ',
    'Chạy chức, chạy quyền, chạy tội, mua bán chức vụ, bằng cấp, danh hiệu',
    'Lãng phí, tiêu dùng hoang phí tiền của, tài sản công',
    'Sống xa hoa, hưởng lạc, sa vào tệ nạn xã hội, không quản lý tốt gia đình',
  ],
  3: [
    'Phủ nhận chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh, đòi đa nguyên, đa đảng',
    'Phủ nhận vai trò lãnh đạo của Đảng, đòi “phi chính trị hóa” quân đội, công an',
    'Xuyên tạc lịch sử, bôi đen truyền thống, nói xấu lãnh tụ, lãnh đạo',
    'Phụ họa, tán phát quan điểm sai trái, thông tin xấu độc về Đảng và Nhà nước',
    'Cổ súy tư tưởng, lối sống xa lạ, vọng ngoại, phụ thuộc nước ngoài',
    'Lợi dụng dân chủ, nhân quyền, dân tộc, tôn giáo để kích động, chia rẽ',
    'Làm lộ bí mật, cung cấp thông tin, tài liệu nội bộ cho người không có trách nhiệm',
    'Móc nối, cấu kết với thế lực thù địch, phản động để chống phá',
    'Bất mãn, tập hợp lực lượng, lôi kéo người khác đi ngược đường lối của Đảng',
  ],
};

// Typed as a plain array (as other packages expect) but frozen at run time: it is reference data.
/** All 27 manifestations, grouped and numbered as in the resolution ('1.1' … '3.9'). */
export const MANIFESTATIONS: Manifestation[] = Object.freeze(
  ([1, 2, 3] as const).flatMap((group) =>
    TITLES[group].map((title, i): Manifestation => Object.freeze({ code: `${group}.${i + 1}`, group, title })),
  ),
) as Manifestation[];

const CODES: ReadonlySet<string> = new Set(MANIFESTATIONS.map((m) => m.code));

/** True when `code` is one of the 27 manifestation codes ('1.1' … '3.9'). */
export function isManifestationCode(code: unknown): code is string {
  return typeof code === 'string' && CODES.has(code);
}
