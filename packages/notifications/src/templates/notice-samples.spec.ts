import Handlebars from 'handlebars';
import { defaultNotificationTemplates, DIGEST_KIND, NOTICE_KINDS, noticeSample, sampleNoticeView } from './notification-templates';

describe('sample notice views (what a committee template is tried against)', () => {
  it.each(NOTICE_KINDS)('should render the shipped sources of %s on its sample without a missing field', (kind) => {
    const sample = noticeSample(kind);
    const sources = defaultNotificationTemplates().shippedSources(kind);
    const subject = Handlebars.compile(sources.subject, { strict: true, noEscape: true })(sample);
    expect(Handlebars.compile(sources.text, { strict: true, noEscape: true })(sample)).toContain('Kính gửi đồng chí Nguyễn Văn An');
    expect(Handlebars.compile(sources.html, { strict: true })(sample)).toContain('<strong>Nguyễn Văn An</strong>');
    // A notice's subject is its title; the digest's names the day and the count.
    expect(subject).toBe(kind === DIGEST_KIND ? '[chibo] Bản tin thông báo ngày 25/03/2022 (2 thông báo)' : `[chibo] ${sampleNoticeView(kind).title}`);
  });

  it('should title the self-criticism reminders by their step’s message, as they are sent', () => {
    expect(sampleNoticeView('task-reminder').title).toBe('Nhắc nộp bản tự soi, tự sửa: hạn 31/03/2022');
    expect(NOTICE_KINDS).toEqual(expect.arrayContaining(['task-reminder', 'task-overdue', 'digest']));
  });

  it('should give the session kinds an event and the others none, so a template using the event is refused for a report notice', () => {
    const strict = (kind: string) => Handlebars.compile('{{event.when}}', { strict: true })(sampleNoticeView(kind));
    expect(strict('session-convened')).toBe('08:00 ngày 25/03/2022');
    expect(() => strict('report-received')).toThrow();
  });
});
