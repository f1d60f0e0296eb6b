import { NotificationDelivery } from '@chibo/db';
import { TestSmtpServer } from '@chibo/notifications/testing';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { mailsTo } from '../support/mail-app';
import { UNDELIVERED_QUEUE } from '../../src/notifications/undelivered-queue';

interface BoardJob {
  id: string;
  attempts: number;
  failedReason?: string;
  returnValue?: unknown;
  data: Record<string, unknown>;
}
interface BoardQueue {
  name: string;
  displayName?: string;
  counts: Record<string, number>;
  jobs: BoardJob[];
}

/**
 * A message the SMTP server keeps refusing is retried with backoff, then given up; with the embedded engine on Redis
 * (ADR 0032) the admin sees it in bull-board as a failed job of `notifications-undelivered` keyed by the delivery —
 * channel, recipient, kind, attempts and the server's last answer — as well as on the undelivered list. Another API
 * process starting on the same database and Redis does not add it twice. Retrying the job in bull-board re-queues
 * the delivery: once the server accepts again, the message arrives once, and the job says it was re-queued.
 */
describeEngine('undelivered messages in bull-board', (kind) => {
  let smtp: TestSmtpServer;
  let t: EngineTestApp;
  let driver: EngineDriver;
  const HUNG = 'hung@a1.test';

  beforeAll(async () => {
    smtp = await new TestSmtpServer().start();
    t = await startEngineApp(kind, {
      env: { SMTP_URL: smtp.url, SMTP_FROM: '"chibo Đảng ủy khối A" <no-reply@chibo.test>', PUBLIC_URL: 'https://chibo.test' },
      // Three attempts 100 ms apart at first, so the test sees the dispatcher give up within a second.
      deliveryPolicy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 400, pollMs: 50 },
    });
    driver = new EngineDriver(t, await seedEngineFixture(t));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const board = async (status: string): Promise<BoardQueue> => {
    const response = await t.http().get(`/admin/queues/api/queues?activeQueue=${UNDELIVERED_QUEUE}&status=${status}`).set(driver.auth('admin'));
    expectStatus(response, 200);
    return (response.body as { queues: BoardQueue[] }).queues.find((q) => q.name === UNDELIVERED_QUEUE)!;
  };
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`still waiting for ${what}: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('should show a message given up after its retries as one failed job, and send it once after an admin retries the job', async () => {
    smtp.refuseFor(1000);
    // Saving an address sends it a verification link: the message the server refuses.
    expectStatus(await t.http().put('/api/v1/notifications/settings').set(driver.auth('memberA1')).send({ email: HUNG }), 200);
    const delivery = await until(
      () => t.ds.manager.findOneBy(NotificationDelivery, { address: HUNG }),
      (d) => d?.status === 'failed',
      'the delivery to be given up',
    );
    expect(smtp.dataStarted).toBe(3);

    const failed = await until(() => board('failed'), (q) => q.jobs.length > 0, 'the failed job');
    expect(failed.displayName).toContain('Thư chưa gửi được');
    expect(failed.jobs.map((j) => j.id)).toEqual([delivery!.id]);
    const [job] = failed.jobs;
    expect(job!.data).toMatchObject({ id: delivery!.id, channel: 'email', address: HUNG, kind: 'email-verify', attempts: 3, permanent: false, subject: delivery!.subject });
    expect(job!.failedReason).toContain('451');
    // The admins' page lists the same message.
    const listed = await t.http().get('/api/v1/notifications/undelivered').set(driver.auth('admin'));
    expect((listed.body as Array<{ id: string; status: string }>).map((d) => [d.id, d.status])).toEqual([[delivery!.id, 'failed']]);

    // A second API process reads the failed deliveries back into the queue at start: still one job.
    await t.startSecondProcess();
    expect((await board('latest')).counts).toMatchObject({ failed: 1, completed: 0, waiting: 0 });

    // The server accepts again; the admin retries the job in bull-board.
    smtp.refuseFor(0);
    expectStatus(await t.http().put(`/admin/queues/api/queues/${UNDELIVERED_QUEUE}/${encodeURIComponent(delivery!.id)}/retry`).set(driver.auth('admin')), 204);
    const mails = await mailsTo(smtp, HUNG, delivery!.subject, 1);
    expect(mails).toHaveLength(1);
    expect(await until(() => t.ds.manager.findOneByOrFail(NotificationDelivery, { id: delivery!.id }), (d) => d.status === 'sent', 'the delivery to be sent')).toMatchObject({ status: 'sent', attempts: 1 });
    const completed = await until(() => board('completed'), (q) => q.jobs.length > 0, 'the completed job');
    expect(completed.jobs.map((j) => [j.id, j.returnValue])).toEqual([[delivery!.id, 're-queued: the dispatcher sends it again']]);
    expect((await board('latest')).counts).toMatchObject({ failed: 0, completed: 1 });
    // Nothing arrived twice, and nothing is left undelivered.
    expect(smtp.to(HUNG)).toHaveLength(1);
    expect((await t.http().get('/api/v1/notifications/undelivered').set(driver.auth('admin'))).body).toEqual([]);
  });
});
