import { AuditJournal, AuditLog, AuditSigner } from '@chibo/audit';
import { createHost, enabledEffects } from '@chibo/catalog-node';
import { ConfigError, loadConfig } from '@chibo/config';
import { createDataSource } from '@chibo/db';
import { temporalConnectionOptions, temporalNaming, temporalSecurityOf } from '@chibo/runtime-temporal';
import { existsSync, readFileSync } from 'node:fs';
import { NativeConnection } from '@temporalio/worker';
import { createChiboWorker } from './create-worker';

/**
 * A standalone worker process (a Temporal cluster deployment runs several): config, the chibo database (migrated by
 * the API), the audit log with the installation's signing key (the same file as the API's: workers write the events'
 * audit entries), a connection to TEMPORAL_ADDRESS, then run until SIGINT/SIGTERM, which Temporal's runtime turns
 * into a graceful shutdown (running activities finish).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.temporalAddress) {
    console.error('[chibo] The worker needs TEMPORAL_ADDRESS (host:port of the Temporal frontend). See docs/temporal.md.');
    process.exitCode = 2;
    return;
  }
  // A worker never creates the key: one it made up would sign checkpoints nobody else can verify.
  if (!existsSync(config.auditKeyPath)) {
    console.error(`[chibo] The worker needs the installation's audit signing key at ${config.auditKeyPath} (AUDIT_KEY_PATH); start the API once to create it, then copy it to every worker host.`);
    process.exitCode = 2;
    return;
  }
  // The checkpoints its reports and documents carry go to this host's journal too (AUDIT_JOURNAL); the API's periodic
  // checkpoint journals every chain that moved on the API's host within AUDIT_CHECKPOINT_MINUTES whatever happens here.
  const journal = AuditJournal.open(config.auditJournalPath, config.auditJournalWitnessPath ? { witnessPath: config.auditJournalWitnessPath } : {});
  const audit = new AuditLog({ signer: AuditSigner.fromPrivatePem(readFileSync(config.auditKeyPath, 'utf8')), now: () => new Date().toISOString(), journal });
  const dataSource = await createDataSource({ url: config.databaseUrl, sqlitePath: config.sqlitePath }).initialize();
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporalAddress, temporalSecurityOf(config)));
  try {
    const { taskQueue } = temporalNaming(config.queuePrefix);
    const worker = await createChiboWorker({
      connection,
      namespace: config.temporalNamespace,
      taskQueue,
      dataSource,
      maxCachedWorkflows: config.temporalWorkflowCache,
      // Registry, effects (report documents sealed; notify queuing e-mail when SMTP_URL is set) and audit hooks, as
      // the API and the CLI build them. The API process sends what notify queued.
      ...createHost({ audit, effects: enabledEffects(config) }),
    });
    console.log(`[chibo] worker on ${config.temporalAddress}, namespace ${config.temporalNamespace}, task queue ${taskQueue}`);
    await worker.run();
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
