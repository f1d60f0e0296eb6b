import { TestSmtpServer, type ReceivedMail } from '@chibo/notifications/testing';
import { type EngineTestApp, startEngineApp } from './engine-app';

/** The app with e-mail on, sending to a real SMTP server of its own (the tests read what it received). */
export async function startMailApp(kind: Parameters<typeof startEngineApp>[0]): Promise<{ smtp: TestSmtpServer; t: EngineTestApp }> {
  const smtp = await new TestSmtpServer().start();
  const t = await startEngineApp(kind, { env: { SMTP_URL: smtp.url, SMTP_FROM: '"chibo Đảng ủy khối A" <no-reply@chibo.test>', PUBLIC_URL: 'https://chibo.test' } });
  return { smtp, t };
}

/**
 * The mails to `address` whose subject matches (a pattern, or a prefix), once `count` of them have arrived or 20 s
 * have passed (the dispatcher polls; the caller asserts on what came).
 */
export async function mailsTo(smtp: TestSmtpServer, address: string, subject: RegExp | string, count: number): Promise<ReceivedMail[]> {
  const matches = (s: string) => (typeof subject === 'string' ? s.startsWith(subject) : subject.test(s));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mails = smtp.to(address).filter((m) => matches(m.subject));
    if (mails.length >= count || Date.now() > deadline) return mails;
    await new Promise((r) => setTimeout(r, 100));
  }
}
