import { AuditJournal, AuditLog, AuditSigner } from '@chibo/audit';
import type { ChiboConfig } from '@chibo/config';
import type { Clock, EmbeddedRuntime } from '@chibo/runtime-embedded';

/**
 * The installation's audit log: the signing key from AUDIT_KEY_PATH (generated with mode 600 on first start, never
 * in the database), checkpoints dated by the runtime's clock and appended to the journal outside the database
 * (AUDIT_JOURNAL, and its witness copy AUDIT_JOURNAL_WITNESS).
 */
export function createAuditLog(
  config: Pick<ChiboConfig, 'auditKeyPath' | 'auditJournalPath' | 'auditJournalWitnessPath'>,
  clock: Clock,
  logger: Pick<Console, 'error'> = console,
): { audit: AuditLog; keyCreated: boolean } {
  const { signer, created } = AuditSigner.loadOrCreate(config.auditKeyPath);
  const journal = AuditJournal.open(config.auditJournalPath, {
    ...(config.auditJournalWitnessPath ? { witnessPath: config.auditJournalWitnessPath } : {}),
    onWitnessError: (error) => logger.error(`audit journal witness ${config.auditJournalWitnessPath ?? ''}: could not append`, error),
  });
  const audit = new AuditLog({
    signer,
    now: () => clock.now(),
    journal,
    onRefused: (chains) =>
      logger.error(
        `audit: not signing ${chains.length} chain(s) that no longer extend their journaled checkpoint (rewritten?): ` +
          chains.map((c) => `${c.chain} #${c.position}`).join(', ') +
          ' — run `chibo audit verify`',
      ),
  });
  return { audit, keyCreated: created };
}

/**
 * Issues a signed checkpoint of every chain that moved, every `minutes` (0: never), through the runtime's write
 * lock. Failures are logged and retried at the next tick; `stop()` waits for a checkpoint in progress.
 */
export function startPeriodicCheckpoints(runtime: Pick<EmbeddedRuntime, 'write'>, audit: AuditLog, minutes: number, logger: Pick<Console, 'error'> = console): { stop(): Promise<void> } {
  if (minutes <= 0) return { stop: async () => undefined };
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = runtime
      .write((m) => audit.checkpointMoved(m, 'periodic'))
      .catch((error: unknown) => logger.error('audit checkpoint failed', error))
      .finally(() => (running = undefined));
  }, minutes * 60_000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
