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
    ['reports-overdue', 'reportOverdue'],
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
    [{ email: `${'a'.repeat(65)}@a1.vn` }, 'email'],
    [{ email: `hung@${'b'.repeat(64)}.vn` }, 'email'],
    [{ preferences: { reminder: 'yes' } }, 'preferences.reminder'],
    [{ preferences: { sms: true } }, 'preferences'],
  ])('should refuse %j naming %s', (input, path) => {
    const parsed = parseVi(notificationSettingsInput, input);
    expect(parsed.success).toBe(false);
    expect(parsed.success ? [] : parsed.issues.map((i) => i.path)).toEqual([path]);
  });

  it.each([`${'a'.repeat(64)}@a1.vn`, `hung@${'b'.repeat(63)}.vn`, 'A.B+tag@Example.VN'])('should take the address %s an SMTP server takes', (email) => {
    expect(parseVi(notificationSettingsInput, { email }).success).toBe(true);
  });

  it.each(['mail.example.vn:25', 'http://mail.example.vn', 'smtp://', 'smtp:mail.example.vn', 'smtp://mail.example.vn:0', 'smtp://chibo:p%zz@mail.example.vn', 'smtp://mail.example.vn?tls=maybe', 'smtp://thư.example.vn'])(
    'should refuse SMTP_URL %j naming the variable, without repeating it',
    (url) => {
      expect(() => parseSmtpUrl(url)).toThrow(SmtpUrlError);
      expect(() => parseSmtpUrl(url)).toThrow(/^SMTP_URL: /);
      expect(() => parseSmtpUrl(url)).not.toThrow('p%zz');
    },
  );

  it('should read an SMTP URL into the server, port, TLS and decoded credentials', () => {
    expect(parseSmtpUrl('smtps://chibo:p%40ss@mail.example.vn')).toEqual({ secure: true, host: 'mail.example.vn', port: 465, auth: { user: 'chibo', pass: 'p@ss' }, ignoreTLS: false });
    expect(parseSmtpUrl('smtp://[::1]:2525?tls=off')).toEqual({ secure: false, host: '::1', port: 2525, ignoreTLS: true });
    expect(parseSmtpUrl(' smtp://mail.example.vn ')).toEqual({ secure: false, host: 'mail.example.vn', port: 587, ignoreTLS: false });
  });
});
