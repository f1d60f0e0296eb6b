/**
 * A delivery worker in a process of its own, for the tests that SIGKILL one in the middle of a send:
 * `node dispatch-worker.js <database: SQLite file or postgres URL> <smtp-url> [<delivery policy as JSON>]`. It tells
 * its parent `started` once it polls; its errors go to stderr, which the tests keep, so a pass that fails says why.
 */
import { createDataSource } from '@chibo/db';
import { EmailChannel } from '../channels/email-channel';
import { DeliveryDispatcher, type DeliveryPolicy } from '../delivery/delivery-dispatcher';

async function main(): Promise<void> {
  const [db, smtpUrl, policy] = process.argv.slice(2);
  if (!db || !smtpUrl) throw new Error('usage: dispatch-worker.js <database> <smtp-url> [<policy JSON>]');
  const dataSource = createDataSource(db.startsWith('postgres') ? { url: db } : { sqlitePath: db });
  await dataSource.initialize();
  const dispatcher = new DeliveryDispatcher({
    dataSource,
    channels: [new EmailChannel({ smtpUrl, from: '"chibo" <no-reply@chibo.thu.vn>', timeoutSeconds: 60 })],
    policy: { pollMs: 20, leaseMs: 1500, baseDelayMs: 50, maxDelayMs: 200, ...(policy ? (JSON.parse(policy) as Partial<DeliveryPolicy>) : {}) },
    logger: console,
  });
  dispatcher.start();
  process.send?.('started');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
