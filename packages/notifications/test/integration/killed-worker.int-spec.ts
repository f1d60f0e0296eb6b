import { NotificationDelivery } from '@chibo/db';
import { databaseKinds, freshDatabase } from '@chibo/testing';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DeliveryDispatcher, emailAddressing, EmailChannel, planNotifications } from '../../src';
import { TestSmtpServer } from '../../src/testing/test-smtp-server';
import { seedCell } from '../support/seed-cell';

/**
 * A delivery worker is SIGKILLed while the SMTP server is still reading its first message (DATA sent, no reply yet):
 * the server never accepts that message, the row stays `sending`, and the next worker sends it — once — after its
 * lease, with the others.
 */
describe.each(databaseKinds())('a delivery worker killed mid-send on %s', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: TestSmtpServer;
  let child: ChildProcess | undefined;
  let dispatcher: DeliveryDispatcher | undefined;

  beforeEach(async () => {
    db = await freshDatabase(kind);
    await seedCell(db.dataSource);
    smtp = await new TestSmtpServer().start();
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await dispatcher?.stop();
    await smtp.stop();
    await db.drop();
  });

  it('should deliver every message exactly once when the worker is killed before the server accepted one', async () => {
    await db.dataSource.transaction((m) =>
      planNotifications(m, { at: '2022-03-20T02:00:00.000Z', instanceId: 'cell:CB-THU', idempotencyKey: 'cell:CB-THU/convene.1.notify-members' }, { to: [{ role: 'member', org: 'CB-THU' }], kind: 'session-convened', event: { startsAt: '2022-03-25T01:00:00.000Z' } }, {
        channels: [emailAddressing],
        publicUrl: 'https://chibo.thu.vn',
        from: { name: 'chibo', email: 'no-reply@chibo.thu.vn' },
      }),
    );
    let held = 0;
    smtp.holdData(() => held++ === 0);
    // The worker runs the built package (dist): its errors are kept, so a failure to start says why.
    child = fork(join(__dirname, '..', '..', 'dist', 'testing', 'dispatch-worker.js'), [db.url, smtp.url], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (smtp.dataStarted < 1) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the worker never started sending (exit ${child.exitCode}): ${stderr || 'no output'}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    expect(smtp.received).toHaveLength(0);
    const interrupted = await db.dataSource.manager.findOneByOrFail(NotificationDelivery, { status: 'sending' });

    dispatcher = new DeliveryDispatcher({ dataSource: db.dataSource, channels: [new EmailChannel({ smtpUrl: smtp.url, from: 'no-reply@chibo.thu.vn', timeoutSeconds: 5 })], policy: { pollMs: 20, leaseMs: 1500, baseDelayMs: 50 } });
    dispatcher.start();
    await smtp.waitFor(3, 20_000);
    while (!(await dispatcher.idle())) await new Promise((r) => setTimeout(r, 20));

    for (const address of ['nga@thu.vn', 'hung@thu.vn', 'lan@thu.vn']) expect(smtp.to(address)).toHaveLength(1);
    expect(smtp.received).toHaveLength(3);
    expect(await db.dataSource.manager.findOneByOrFail(NotificationDelivery, { id: interrupted.id })).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
