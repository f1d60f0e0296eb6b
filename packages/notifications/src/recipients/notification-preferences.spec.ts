import { parseVi } from '@chibo/procedure';
import { DEFAULT_PREFERENCES, notificationSettingsInput, preferenceOf, withDefaults } from './notification-preferences';
import { parseSmtpUrl, SmtpUrlError } from '../channels/smtp-url';

describe('notification preferences', () => {
  it.each([
    ['draft-assigned', 'taskAssigned'],
    ['draft-revision', 'taskAssigned'],
    ['session-convened', 'conveneNotice'],
    ['report-reminder', 'reminder'],
    ['report-overdue', 'reportOverdue'],
    ['report-received', 'reportReceived'],
    ['resolution-adopted', 'conveneNotice'],
  ])('should let the %s notice through by the %s preference', (kind, preference) => {
    expect(preferenceOf(kind)).toBe(preference);
  });

  it('should default to everything by e-mail but the digest when the user never chose', () => {
    expect(withDefaults(undefined)).toEqual({ taskAssigned: true, reminder: true, conveneNotice: true, reportOverdue: true, reportReceived: true, digest: false });
    expect(withDefaults({ reminder: false })).toEqual({ ...DEFAULT_PREFERENCES, reminder: false });
  });

  it.each([
    [{ email: 'không phải e-mail' }, 'email'],
    [{ email: 'a@b' }, 'email'],
    [{ preferences: { reminder: 'yes' } }, 'preferences.reminder'],
    [{ preferences: { sms: true } }, 'preferences'],
  ])('should refuse %j naming %s', (input, path) => {
    const parsed = parseVi(notificationSettingsInput, input);
    expect(parsed.success).toBe(false);
    expect(parsed.success ? [] : parsed.issues.map((i) => i.path)).toEqual([path]);
  });

  it.each(['mail.example.vn:25', 'http://mail.example.vn', 'smtp://'])('should refuse SMTP_URL %j naming the variable', (url) => {
    expect(() => parseSmtpUrl(url)).toThrow(SmtpUrlError);
    expect(() => parseSmtpUrl(url)).toThrow(/^SMTP_URL: /);
  });
});
