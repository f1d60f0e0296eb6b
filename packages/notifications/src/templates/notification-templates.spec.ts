import Handlebars from 'handlebars';
import { NotificationTemplates } from './notification-templates';

const view = {
  kind: 'draft-assigned',
  recipientName: 'Trần Văn Hùng',
  message: 'Đồng chí Trần Văn Hùng được phân công chuẩn bị dự thảo chuyên đề',
  link: 'https://chibo.vn/viec-cua-toi',
  settingsLink: 'https://chibo.vn/thong-bao/cai-dat',
  orgName: 'Chi bộ Trường THCS Ái Mộ',
  dueAt: '17:00 ngày 25/03/2022',
  event: null,
  preferenceLabel: 'Việc được giao',
};

describe('NotificationTemplates', () => {
  const templates = new NotificationTemplates();

  it('should render a Vietnamese subject, greeting, deadline and link back to the task when a draft is assigned', () => {
    const notice = templates.render(view);
    expect(notice.subject).toBe('[chibo] Đồng chí được phân công chuẩn bị dự thảo chuyên đề');
    expect(notice.text).toContain('Kính gửi đồng chí Trần Văn Hùng,');
    expect(notice.text).toContain('Hạn hoàn thành: 17:00 ngày 25/03/2022');
    expect(notice.text).toContain('Xem chi tiết: https://chibo.vn/viec-cua-toi');
    expect(notice.html).toContain('<a href="https://chibo.vn/viec-cua-toi"');
    expect(notice.text).toContain('“Việc được giao”'.replace(/[“”]/g, '"'));
  });

  it('should escape what people typed in the HTML version but not in the text version', () => {
    const notice = templates.render({ ...view, kind: 'draft-revision', message: 'Bổ sung <mục 2> & "kết luận"' });
    expect(notice.html).toContain('Bổ sung &lt;mục 2&gt; &amp; &quot;kết luận&quot;');
    expect(notice.text).toContain('Bổ sung <mục 2> & "kết luận"');
  });

  it('should put the session’s time and place in the title and body of a convene notice', () => {
    const notice = templates.render({ ...view, kind: 'session-convened', dueAt: null, event: { name: null, when: '14:00 ngày 01/04/2022', place: 'Phòng họp', online: true, onlineLink: 'https://meet.example/x', agenda: null } });
    expect(notice.title).toBe('Thông báo triệu tập sinh hoạt chi bộ lúc 14:00 ngày 01/04/2022');
    expect(notice.text).toContain('Địa điểm: Phòng họp');
    expect(notice.text).toContain('Hình thức: trực tuyến — https://meet.example/x');
    expect(notice.text).toContain('Lời mời lịch (tệp .ics) kèm theo thư này.');
  });

  it('should use the step’s message as the title of a kind without its own', () => {
    expect(templates.render({ ...view, kind: 'something-new', message: 'Có việc mới' }).subject).toBe('[chibo] Có việc mới');
  });

  it('should name the session and its new time in the subject of a moved session', () => {
    const notice = templates.render({ ...view, kind: 'session-changed', dueAt: null, message: 'Buổi sinh hoạt dời sang 08:00 ngày 25/04/2026', event: { name: 'thường kỳ tháng 04/2026', when: '08:00 ngày 25/04/2026', place: 'Hội trường', online: false, onlineLink: null, agenda: null } });
    expect(notice.subject).toBe('[chibo] Dời lịch sinh hoạt chi bộ: thường kỳ tháng 04/2026 sang 08:00 ngày 25/04/2026');
    expect(notice.text).toContain('Địa điểm: Hội trường');
  });

  it('should give as shipped sources the templates that render the shipped message, so a committee starts from what members get', () => {
    const hbs = Handlebars.create();
    const full = templates.viewOf(view);
    const sources = templates.shippedSources('draft-assigned');
    const notice = templates.render(view);
    expect(hbs.compile(sources.subject, { strict: true, noEscape: true })(full)).toBe(notice.subject);
    expect(hbs.compile(sources.text, { strict: true, noEscape: true })(full)).toBe(notice.text);
    expect(hbs.compile(sources.html, { strict: true })(full)).toBe(notice.html);
  });
});
