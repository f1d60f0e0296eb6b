// A delivery worker in its own process, for the test that kills one mid-send: node dispatch-worker.js <db> <smtp-url>
const { createDataSource } = require('@chibo/db');
const { DeliveryDispatcher, EmailChannel } = require('../../dist');

(async () => {
  const [db, smtpUrl] = process.argv.slice(2);
  const dataSource = createDataSource(db.startsWith('postgres') ? { url: db } : { sqlitePath: db });
  await dataSource.initialize();
  const dispatcher = new DeliveryDispatcher({
    dataSource,
    channels: [new EmailChannel({ smtpUrl, from: '"chibo" <no-reply@chibo.thu.vn>', timeoutSeconds: 60 })],
    policy: { pollMs: 20, leaseMs: 1500, baseDelayMs: 50, maxDelayMs: 200 },
    // On stderr, which the test keeps: a pass that fails says why.
    logger: console,
  });
  dispatcher.start();
  process.send?.('started');
})();
