import { NotificationDelivery } from '@chibo/db';
import { databaseKinds, freshDatabase } from '@chibo/testing';
import Handlebars from 'handlebars';
import type { DataSource } from 'typeorm';
import { emailAddressing, planNotifications, type NoticeField, type NoticeOverrides, type NotifyOptions } from '../../src';
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

  beforeEach(async () => {
    db = await freshDatabase(kind);
    dataSource = db.dataSource;
    await seedCell(dataSource);
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
});
