import { NotificationDelivery, NotificationSettings } from '@chibo/db';
import { databaseKinds, freshDatabase } from '@chibo/testing';
import Handlebars from 'handlebars';
import type { DataSource } from 'typeorm';
import { composeDigests, emailAddressing, planNotifications, type NoticeField, type NoticeOverrides, type NotifyOptions } from '../../src';
import { seedCell } from '../support/seed-cell';

const OPTIONS: NotifyOptions = { channels: [emailAddressing], publicUrl: 'https://chibo.thu.vn', from: { name: 'chibo', email: 'no-reply@chibo.thu.vn' } };
const AT = '2022-03-20T02:00:00.000Z';
const CONVENE = { to: [{ role: 'member' as const, org: 'CB-THU' }], kind: 'session-convened', event: { startsAt: '2022-03-25T01:00:00.000Z', place: 'Phòng họp' } };

/** Overrides held in memory, rendered with a strict Handlebars (the API's are in the documents' sandbox). */
function memoryOverrides(sources: Partial<Record<NoticeField, string>>, calls: string[]): NoticeOverrides {
  return {
    find: async (_m, org, kind) => {
      calls.push(`${org.code}:${kind}`);
      return Object.fromEntries(Object.entries(sources).map(([field, source]) => [field, { ref: `override:CB-THU:notice:${kind}:${field}@1`, source }]));
    },
    render: async (source, view, field) => Handlebars.compile(source, { strict: true, noEscape: field !== 'html' })(view),
  };
}

describe.each(databaseKinds())('committee notice templates when notices are planned on %s', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let dataSource: DataSource;
  let users: Record<string, string>;

  beforeEach(async () => {
    db = await freshDatabase(kind);
    dataSource = db.dataSource;
    users = await seedCell(dataSource);
  });

  afterEach(async () => {
    await db.drop();
  });

  const notify = (key: string, options: NotifyOptions) => dataSource.transaction((m) => planNotifications(m, { at: AT, instanceId: 'cell:CB-THU', idempotencyKey: key }, CONVENE, options));

  it("should queue each member's message with the committee's subject and text when the sending unit has an override", async () => {
    const calls: string[] = [];
    const overrides = memoryOverrides({ subject: 'Họp chi bộ {{event.when}}\n', text: 'Thân gửi {{recipientName}}: họp tại {{event.place}}. {{link}}' }, calls);
    await notify('k1', { ...OPTIONS, overrides });
    const rows = await dataSource.getRepository(NotificationDelivery).find({ order: { address: 'ASC' } });
    expect(rows).toHaveLength(3);
    const hung = rows.find((r) => r.address === 'hung@thu.vn')!;
    expect(hung.subject).toBe('Họp chi bộ 08:00 ngày 25/03/2022');
    expect(hung.text).toBe('Thân gửi Trần Văn Hùng: họp tại Phòng họp. https://chibo.thu.vn/ho-so/cell%3ACB-THU');
    // The HTML had no override: the shipped one is kept.
    expect(hung.html).toContain('Kính gửi đồng chí <strong>Trần Văn Hùng</strong>');
    expect(calls).toEqual(['CB-THU:session-convened']);
  });

  it('should still queue every message, with the shipped text, and log the failure when the override fails at render time', async () => {
    const logged: string[] = [];
    const overrides: NoticeOverrides = {
      ...memoryOverrides({ text: 'x' }, []),
      render: async () => {
        throw new Error('template ran longer than 2000 ms');
      },
    };
    await notify('k2', { ...OPTIONS, overrides, log: (m) => logged.push(m) });
    const rows = await dataSource.getRepository(NotificationDelivery).find();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.text).toContain('Kính gửi đồng chí');
    // Logged once: after the first failure the override is not tried again for the other recipients.
    expect(logged).toEqual([expect.stringContaining('override:CB-THU:notice:session-convened:text@1 failed (template ran longer than 2000 ms)')]);
  });

  it('should word a kind titled by its step’s message (a self-criticism reminder) with the committee’s subject over that title', async () => {
    const calls: string[] = [];
    const overrides = memoryOverrides({ subject: 'Chi bộ {{orgName}} nhắc: {{title}}' }, calls);
    const reminder = { to: [{ member: 'hung', org: 'CB-THU' }], kind: 'task-reminder', message: 'Nhắc nộp bản tự soi, tự sửa: hạn 31/03/2022' };
    await dataSource.transaction((m) => planNotifications(m, { at: AT, instanceId: 'cell:CB-THU', idempotencyKey: 'k3' }, reminder, { ...OPTIONS, overrides }));
    const row = await dataSource.getRepository(NotificationDelivery).findOneByOrFail({ address: 'hung@thu.vn' });
    expect(row.subject).toMatch(/^Chi bộ .+ nhắc: Nhắc nộp bản tự soi, tự sửa: hạn 31\/03\/2022$/);
    expect(row.text).toContain('Nhắc nộp bản tự soi, tự sửa: hạn 31/03/2022');
    expect(calls).toEqual(['CB-THU:task-reminder']);
  });

  it('should compose a daily digest with the templates that apply to the recipient’s cell', async () => {
    await dataSource.manager.update(NotificationSettings, { userId: users['hung']! }, { preferences: { digest: true } as never });
    await notify('k4', { ...OPTIONS, now: () => AT });
    const calls: string[] = [];
    const overrides = memoryOverrides({ subject: 'Bản tin chi bộ {{date}}: {{count}} việc', text: '{{#each items}}* {{title}}\n{{/each}}' }, calls);
    expect(await composeDigests(dataSource, { now: '2022-03-21T00:00:00.000Z', channels: ['email'], publicUrl: 'https://chibo.thu.vn', overrides })).toBe(1);
    const digest = await dataSource.getRepository(NotificationDelivery).findOneByOrFail({ kind: 'digest' });
    expect(digest.subject).toBe('Bản tin chi bộ 21/03/2022: 1 việc');
    expect(digest.text).toBe('* Thông báo triệu tập sinh hoạt chi bộ lúc 08:00 ngày 25/03/2022\n');
    // The HTML had no override: the shipped digest is kept.
    expect(digest.html).toContain('Trần Văn Hùng');
    expect(calls).toEqual(['CB-THU:digest']);
  });
});
