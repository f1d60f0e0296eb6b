import Handlebars from 'handlebars';
import { defaultNotificationTemplates, NOTICE_KINDS, sampleNoticeView } from './notification-templates';

describe('sample notice views (what a committee template is tried against)', () => {
  it.each(NOTICE_KINDS)('should render the shipped templates of %s without a missing field', (kind) => {
    const view = sampleNoticeView(kind);
    const rendered = defaultNotificationTemplates().render(view);
    expect(rendered.text).toContain('Kính gửi đồng chí Nguyễn Văn An');
    expect(view.title).toBe(rendered.title);
  });

  it('should give the session kinds an event and the others none, so a template using the event is refused for a report notice', () => {
    const strict = (kind: string) => Handlebars.compile('{{event.when}}', { strict: true })(sampleNoticeView(kind));
    expect(strict('session-convened')).toBe('08:00 ngày 25/03/2022');
    expect(() => strict('report-received')).toThrow();
  });
});
