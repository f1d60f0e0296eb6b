// The run's messages sent from a process of their own, for the scenario test that SIGKILLs it mid-send:
// node dispatch-worker.js <database: SQLite file or postgres URL> <smtp-url>. Errors go to stderr, which the test keeps.
const { createDataSource } = require('@chibo/db');
const { DeliveryDispatcher, EmailChannel } = require('@chibo/notifications');

(async () => {
  const [db, smtpUrl] = process.argv.slice(2);
  const dataSource = createDataSource(db.startsWith('postgres') ? { url: db } : { sqlitePath: db });
  await dataSource.initialize();
  const dispatcher = new DeliveryDispatcher({
    dataSource,
    channels: [new EmailChannel({ smtpUrl, from: '"chibo" <no-reply@chibo.local>', timeoutSeconds: 60 })],
    // A short lease, so the API's dispatcher takes over the interrupted attempt soon after the kill.
    policy: { pollMs: 50, leaseMs: 1500, baseDelayMs: 100, maxDelayMs: 400 },
    logger: console,
  });
  dispatcher.start();
  process.send?.('started');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
