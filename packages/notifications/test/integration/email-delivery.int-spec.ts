import { Notification, NotificationDelivery, NotificationSettings } from '@chibo/db';
import { databaseKinds, freshDatabase } from '@chibo/testing';
import * as ical from 'node-ical';
import type { DataSource } from 'typeorm';
import { confirmEmail, DeliveryDispatcher, emailAddressing, EmailChannel, listUndelivered, planNotifications, readSettings, requeueDelivery, saveSettings, type GivenUpDelivery, type NotificationChannel, type NotifyOptions } from '../../src';
import { TestSmtpServer } from '../../src/testing/test-smtp-server';
import { seedCell } from '../support/seed-cell';

const FROM = { name: 'chibo Đảng ủy xã Thử', email: 'no-reply@chibo.thu.vn' };
const OPTIONS: NotifyOptions = { channels: [emailAddressing], publicUrl: 'https://chibo.thu.vn', from: FROM };
const FAST = { baseDelayMs: 50, maxDelayMs: 200, leaseMs: 300, pollMs: 20 };
const AT = '2022-03-20T02:00:00.000Z';

describe.each(databaseKinds())('e-mail notifications on %s', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let dataSource: DataSource;
  let smtp: TestSmtpServer;
  let users: Record<string, string>;
  let dispatcher: DeliveryDispatcher | undefined;

  beforeEach(async () => {
    db = await freshDatabase(kind);
    dataSource = db.dataSource;
    users = await seedCell(dataSource);
    smtp = await new TestSmtpServer().start();
  });

  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
    await smtp.stop();
    await db.drop();
  });

  const notify = (key: string, input: Parameters<typeof planNotifications>[2], options: NotifyOptions = OPTIONS) =>
    dataSource.transaction((m) => planNotifications(m, { at: AT, instanceId: 'cell:CB-THU:27-HD/ĐU:2022-03-16', idempotencyKey: key }, input, options));

  const channel = () => new EmailChannel({ smtpUrl: smtp.url, from: `"${FROM.name}" <${FROM.email}>`, timeoutSeconds: 2 });

  const deliverAll = async (d: DeliveryDispatcher) => {
    d.start();
    const deadline = Date.now() + 20_000;
    while (!(await d.idle())) {
      if (Date.now() > deadline) throw new Error('deliveries still pending after 20 s');
      await new Promise((r) => setTimeout(r, 30));
    }
  };

  it('should send every member but the suspended one one convene notice in Vietnamese with a valid invitation when a session is convened', async () => {
    await notify('cell/convene.1.notify-members', {
      to: [{ role: 'member', org: 'CB-THU' }],
      kind: 'session-convened',
      message: 'Triệu tập sinh hoạt chi bộ lúc 2022-03-25 08:00 tại Phòng họp',
      event: { startsAt: '2022-03-25T01:00:00.000Z', place: 'Phòng họp nhà trường', agenda: 'Chuyên đề năm 2022' },
    });
    await deliverAll((dispatcher = new DeliveryDispatcher({ dataSource, channels: [channel()], policy: FAST })));
    expect(smtp.received.map((m) => m.to).flat().sort()).toEqual(['hung@thu.vn', 'lan@thu.vn', 'nga@thu.vn']);
    const mail = smtp.to('hung@thu.vn')[0]!;
    expect(mail.subject).toBe('[chibo] Thông báo triệu tập sinh hoạt chi bộ lúc 08:00 ngày 25/03/2022');
    expect(mail.text).toContain('Kính gửi đồng chí Trần Văn Hùng');
    expect(mail.text).toContain('Địa điểm: Phòng họp nhà trường');
    expect(mail.text).toContain('https://chibo.thu.vn/ho-so/cell%3ACB-THU%3A27-HD%2F%C4%90U%3A2022-03-16');
    expect(mail.html).toContain('Kính gửi đồng chí <strong>Trần Văn Hùng</strong>');
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar') || a.filename?.endsWith('.ics'));
    expect(ics).toBeDefined();
    const events = Object.values(ical.sync.parseICS(ics!.content)).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
    expect(events).toHaveLength(1);
    expect(events[0]?.start.toISOString()).toBe('2022-03-25T01:00:00.000Z');
    expect(events[0]?.end?.toISOString()).toBe('2022-03-25T03:00:00.000Z');
    expect(events[0]?.location).toBe('Phòng họp nhà trường');
    expect(ics?.content).toContain('METHOD:REQUEST');
    // Every member's invitation is the same calendar event.
    const uids = smtp.received.map((m) => (Object.values(ical.sync.parseICS(m.attachments.find((a) => a.filename?.endsWith('.ics'))!.content)).find((c) => c?.type === 'VEVENT') as ical.VEvent).uid);
    expect(new Set(uids).size).toBe(1);
    // And the board has the same notice for each, unread.
    expect(await dataSource.manager.count(Notification, { where: { kind: 'session-convened' } })).toBe(3);
  });

  it('should send nothing by e-mail but keep the board notice when the member turned that kind off', async () => {
    await dataSource.manager.update(NotificationSettings, { userId: users['lan']! }, { preferences: { conveneNotice: false } as never });
    await notify('k/convene', { to: [{ role: 'member', org: 'CB-THU' }], kind: 'session-convened', event: { startsAt: '2022-03-25T01:00:00.000Z' } });
    await deliverAll((dispatcher = new DeliveryDispatcher({ dataSource, channels: [channel()], policy: FAST })));
    expect(smtp.to('lan@thu.vn')).toEqual([]);
    expect(smtp.to('hung@thu.vn')).toHaveLength(1);
    expect(await dataSource.manager.count(Notification, { where: { userId: users['lan']! } })).toBe(1);
  });

  it('should write in-app notices only when no channel is configured', async () => {
    await notify('k/assign', { to: [{ member: 'hung', org: 'CB-THU' }], kind: 'draft-assigned', message: 'Đồng chí Trần Văn Hùng được phân công' }, { ...OPTIONS, channels: [] });
    expect(await dataSource.manager.count(NotificationDelivery)).toBe(0);
    const notice = await dataSource.manager.findOneByOrFail(Notification, { userId: users['hung']! });
    expect(notice).toMatchObject({ title: 'Đồng chí được phân công chuẩn bị dự thảo chuyên đề', link: '/viec-cua-toi', readAt: null });
  });

  it('should reach the committee by its role grant when a cell reports', async () => {
    await notify('g/report-received', { to: [{ role: 'committee', org: 'DU-THU' }], kind: 'report-received', message: 'Chi bộ Trường THCS Thử đã gửi báo cáo' });
    await deliverAll((dispatcher = new DeliveryDispatcher({ dataSource, channels: [channel()], policy: FAST })));
    expect(smtp.received.map((m) => m.to)).toEqual([['vanphong@du-thu.vn']]);
  });

  it('should retry with backoff and deliver once when the SMTP server refuses for a while', async () => {
    smtp.refuseFor(3);
    await notify('k/remind', { to: [{ role: 'secretary', org: 'CB-THU' }], kind: 'report-reminder', message: 'Nhắc: hạn báo cáo là ngày 2022-04-15' });
    const started = Date.now();
    await deliverAll((dispatcher = new DeliveryDispatcher({ dataSource, channels: [channel()], policy: FAST })));
    expect(smtp.to('nga@thu.vn')).toHaveLength(1);
    expect(smtp.dataStarted).toBe(4);
    // 50 + 100 + 200 ms of backoff at least.
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    const row = await dataSource.manager.findOneByOrFail(NotificationDelivery, { userId: users['nga']! });
    expect(row).toMatchObject({ status: 'sent', attempts: 4 });
    expect(row.providerResponse).toMatch(/^250/);
  });

  it('should list the message for admins while it is being retried, and as failed when the attempts run out', async () => {
    smtp.refuseFor(100);
    await notify('k/overdue', { to: [{ role: 'secretary', org: 'CB-THU' }], kind: 'report-overdue', message: 'Đã quá hạn báo cáo' });
    dispatcher = new DeliveryDispatcher({ dataSource, channels: [channel()], policy: { ...FAST, maxAttempts: 3 } });
    await dispatcher.runOnce();
    expect(await listUndelivered(dataSource.manager)).toEqual([expect.objectContaining({ address: 'nga@thu.vn', status: 'pending', attempts: 1, lastError: expect.stringContaining('451') })]);
    await deliverAll(dispatcher);
    expect(await listUndelivered(dataSource.manager)).toEqual([expect.objectContaining({ address: 'nga@thu.vn', status: 'failed', attempts: 3 })]);
    expect(smtp.received).toHaveLength(0);
  });

  it('should tell the admins’ hook once of a message given up, and send it once when an admin re-queues it', async () => {
    smtp.refuseFor(100);
    await notify('k/overdue', { to: [{ role: 'secretary', org: 'CB-THU' }], kind: 'report-overdue', message: 'Đã quá hạn báo cáo' });
    const givenUp: GivenUpDelivery[] = [];
    const dispatcherOf = () => new DeliveryDispatcher({ dataSource, channels: [channel()], policy: { ...FAST, maxAttempts: 3 }, onGivenUp: (d) => void givenUp.push(d) });
    await deliverAll((dispatcher = dispatcherOf()));
    await dispatcher.stop();
    const row = await dataSource.manager.findOneByOrFail(NotificationDelivery, { userId: users['nga']! });
    expect(givenUp).toEqual([
      expect.objectContaining({ id: row.id, channel: 'email', address: 'nga@thu.vn', kind: 'report-overdue', attempts: 3, permanent: false, lastError: expect.stringContaining('451') }),
    ]);
    // A retried delivery that is not failed is left alone; a failed one is sent again, once, when the server accepts.
    smtp.refuseFor(0);
    expect(await requeueDelivery(dataSource, row.id)).toBe(true);
    expect(await requeueDelivery(dataSource, row.id)).toBe(false);
    await deliverAll((dispatcher = dispatcherOf()));
    expect(smtp.to('nga@thu.vn').map((m) => m.subject)).toEqual([row.subject]);
    expect(await dataSource.manager.findOneByOrFail(NotificationDelivery, { id: row.id })).toMatchObject({ status: 'sent', attempts: 1 });
    expect(givenUp).toHaveLength(1);
  });

  it('should fail at once and mark the address when the server says the mailbox does not exist (hard bounce)', async () => {
    smtp.refusePermanently('hung@thu.vn');
    await notify('k/assign', { to: [{ member: 'hung', org: 'CB-THU' }], kind: 'draft-assigned' });
    await deliverAll((dispatcher = new DeliveryDispatcher({ dataSource, channels: [channel()], policy: FAST })));
    expect(await dataSource.manager.findOneByOrFail(NotificationDelivery, { userId: users['hung']! })).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await dataSource.manager.findOneByOrFail(NotificationSettings, { userId: users['hung']! })).toMatchObject({ emailBounced: 'hung@thu.vn' });
    // Nothing more is queued for a bounced address.
    await notify('k/assign-2', { to: [{ member: 'hung', org: 'CB-THU' }], kind: 'draft-assigned' });
    expect(await dataSource.manager.count(NotificationDelivery, { where: { userId: users['hung']! } })).toBe(1);
  });

  it('should not send twice when an attempt was interrupted after the server accepted it and the channel can reconcile', async () => {
    await notify('k/assign', { to: [{ member: 'hung', org: 'CB-THU' }], kind: 'draft-assigned' });
    const real = channel();
    // The first process sends, then dies before recording: its send never returns.
    const dying: NotificationChannel = { id: 'email', rich: true, send: async (m) => (await real.send(m), new Promise<never>(() => undefined)) };
    const first = new DeliveryDispatcher({ dataSource, channels: [dying], policy: FAST });
    void first.runOnce();
    await smtp.waitFor(1);
    // A second process, after the lease, finds the attempt unfinished and asks the provider by Message-ID. The provider
    // is the server that accepted the message: it knows from its own records, not from the dead process (which may
    // not even have read the server's reply before the lease ran out on a busy machine).
    const accepted = (id: string) => smtp.received.some((mail) => mail.messageId === id);
    const reconciling: NotificationChannel = { id: 'email', rich: true, send: (m) => real.send(m), reconcile: async (id) => (accepted(id) ? 'delivered' : 'unknown') };
    await deliverAll((dispatcher = new DeliveryDispatcher({ dataSource, channels: [reconciling], policy: FAST })));
    expect(smtp.to('hung@thu.vn')).toHaveLength(1);
    expect(await dataSource.manager.findOneByOrFail(NotificationDelivery, { userId: users['hung']! })).toMatchObject({ status: 'sent', attempts: 2 });
    await real.close();
  });

  it('should resend with the same Message-ID when an interrupted attempt cannot be reconciled', async () => {
    await notify('k/assign', { to: [{ member: 'hung', org: 'CB-THU' }], kind: 'draft-assigned' });
    const real = channel();
    const dying: NotificationChannel = { id: 'email', rich: true, send: async (m) => (await real.send(m), new Promise<never>(() => undefined)) };
    void new DeliveryDispatcher({ dataSource, channels: [dying], policy: FAST }).runOnce();
    await smtp.waitFor(1);
    await deliverAll((dispatcher = new DeliveryDispatcher({ dataSource, channels: [channel()], policy: FAST })));
    const copies = smtp.to('hung@thu.vn');
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((c) => c.messageId)).size).toBe(1);
    await real.close();
  });

  it('should queue each message once when the effect is retried under the same key', async () => {
    const input = { to: [{ member: 'hung', org: 'CB-THU' }], kind: 'draft-assigned' };
    await notify('k/once', input);
    await expect(notify('k/once', input)).rejects.toThrow();
    expect(await dataSource.manager.count(NotificationDelivery)).toBe(1);
    expect(await dataSource.manager.count(Notification)).toBe(1);
  });

  it('should hold the messages of a member who chose the daily digest and send them as one at 07:00', async () => {
    await dataSource.manager.update(NotificationSettings, { userId: users['hung']! }, { preferences: { digest: true } as never });
    let clock = Date.parse('2022-03-20T02:00:00.000Z');
    const options = { ...OPTIONS, now: () => new Date(clock).toISOString() };
    await notify('k/assign', { to: [{ member: 'hung', org: 'CB-THU' }], kind: 'draft-assigned' }, options);
    await notify('k/convene', { to: [{ role: 'member', org: 'CB-THU' }], kind: 'session-convened', event: { startsAt: '2022-03-25T01:00:00.000Z', place: 'Phòng họp' } }, options);
    dispatcher = new DeliveryDispatcher({ dataSource, channels: [channel()], policy: FAST, now: () => clock, publicUrl: 'https://chibo.thu.vn' });
    await dispatcher.runOnce();
    expect(smtp.to('hung@thu.vn')).toEqual([]);
    expect(smtp.to('nga@thu.vn')).toHaveLength(1);
    expect(await listUndelivered(dataSource.manager)).toEqual([]);
    clock = Date.parse('2022-03-21T00:00:00.000Z');
    await dispatcher.runOnce();
    await dispatcher.runOnce();
    const digests = smtp.to('hung@thu.vn');
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe('[chibo] Bản tin thông báo ngày 21/03/2022 (2 thông báo)');
    expect(digests[0]!.text).toContain('- Đồng chí được phân công chuẩn bị dự thảo chuyên đề\n  https://chibo.thu.vn/viec-cua-toi');
    expect(digests[0]!.text).toContain('- Thông báo triệu tập sinh hoạt chi bộ lúc 08:00 ngày 25/03/2022');
    expect(digests[0]!.attachments.some((a) => a.filename?.endsWith('.ics'))).toBe(true);
    expect(await dataSource.manager.count(NotificationDelivery, { where: { userId: users['hung']!, status: 'digested' } })).toBe(2);
  });

  it('should send a new address one verification link that verifies it, and refuse the link once the address changed', async () => {
    const verify = { secret: 'x'.repeat(32), publicUrl: 'https://chibo.thu.vn', from: FROM };
    await dataSource.transaction((m) => saveSettings(m, users['hung']!, { email: 'hung.moi@thu.vn' }, AT, verify));
    await dataSource.transaction((m) => saveSettings(m, users['hung']!, { preferences: { digest: false } }, AT, verify));
    await deliverAll((dispatcher = new DeliveryDispatcher({ dataSource, channels: [channel()], policy: FAST })));
    const mails = smtp.to('hung.moi@thu.vn');
    expect(mails.map((m) => m.subject)).toEqual(['[chibo] Xác minh địa chỉ e-mail nhận thông báo']);
    const token = /\/thong-bao\/xac-minh\?t=([A-Za-z0-9_-]+)/.exec(mails[0]!.text)![1]!;
    expect((await readSettings(dataSource.manager, users['hung']!)).emailVerified).toBe(false);
    expect(await dataSource.transaction((m) => confirmEmail(m, users['hung']!, 'sai', verify.secret))).toBe(false);
    expect(await dataSource.transaction((m) => confirmEmail(m, users['hung']!, token, verify.secret))).toBe(true);
    expect((await readSettings(dataSource.manager, users['hung']!)).emailVerified).toBe(true);
    await dataSource.transaction((m) => saveSettings(m, users['hung']!, { email: 'hung.khac@thu.vn' }, AT, verify));
    expect((await readSettings(dataSource.manager, users['hung']!)).emailVerified).toBe(false);
    expect(await dataSource.transaction((m) => confirmEmail(m, users['hung']!, token, verify.secret))).toBe(false);
  });
});
