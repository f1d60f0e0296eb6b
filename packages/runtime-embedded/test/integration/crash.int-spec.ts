import { DocumentEntity, EffectRun, InstanceEvent, seedOrgTree } from '@chibo/db';
import type { ProcedureEvent } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { cellInstanceId, cellOutcome, compareOutcome, guidanceOutcome, loadFixtures, type ScenarioOutcome } from '@chibo/scenario';
import { databaseKinds, describeWith, freshDatabase, redisUrl, uniqueQueuePrefix } from '@chibo/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EmbeddedRuntime, SimulatedClock } from '../../src';
import { registry } from './runtime-harness';

const SCENARIO = 'ngoc-son-2019.json';
const scenario = loadFixtures().find((f) => f.file === SCENARIO)!.scenario;

/** Runs the child until it prints `done <killAfter>` and then SIGKILLs it; or, without killAfter, until it finishes. */
function runChild(env: Record<string, string>, killAfter?: number, delayMs = 0): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'crash-child.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (killAfter !== undefined && !killed && output.includes(`done ${killAfter}\n`)) {
        killed = true;
        // A delay lands the kill inside the next action: mid-transaction, mid-effect or mid-fan-out.
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve({ killed, output });
      else if (code === 0) resolve({ killed, output });
      else reject(new Error(`child exited with ${code ?? signal}:\n${output}`));
    });
  });
}

describe.each(databaseKinds())('crash and restart on %s', (kind) => {
  describeWith(['redis'], `kill -9 of the runtime process (${kind})`, () => {
    it('should reach the same outcome with no duplicated document number, event, effect or notification when killed at several points', async () => {
      const db = await freshDatabase(kind);
      try {
        await db.dataSource.transaction((m) => seedOrgTree(m, scenario.org, parseLocal(scenario.guidance.issuedOn)));
        const env = { SCENARIO, DB_URL: db.url, REDIS_URL: redisUrl(), QUEUE_PREFIX: uniqueQueuePrefix() };
        // Kill points: between actions, and a few milliseconds into the next one (the fan-out, the draft loop, a
        // session with its documents, the roll-up).
        for (const [killAfter, delayMs] of [[0, 0], [0, 3], [6, 8], [14, 2], [20, 5]] as const) {
          const run = await runChild(env, killAfter, delayMs);
          expect(run.killed).toBe(true);
          expect(run.output).not.toContain('finished');
        }
        const last = await runChild(env);
        expect(last.output).toContain('finished');

        const m = db.dataSource.manager;
        const runtime = new EmbeddedRuntime({ dataSource: db.dataSource, registry, clock: new SimulatedClock(parseLocal(scenario.until)), redisUrl: redisUrl(), queuePrefix: env.QUEUE_PREFIX, workers: false });
        const g = scenario.guidance;
        const guidance = await runtime.state(`guidance:${g.issuer}:${g.number}:${g.issuedOn}`);
        const cells: ScenarioOutcome['cells'] = {};
        for (const code of Object.keys(scenario.cells)) cells[code] = cellOutcome(await runtime.state(cellInstanceId(code, g.number, g.issuedOn)));
        await runtime.close();
        expect(compareOutcome(scenario.expect!, { cells, guidance: guidanceOutcome(guidance, parseLocal(scenario.until)) })).toEqual([]);

        const docs = await m.find(DocumentEntity);
        const numbers = docs.map((d) => `${d.orgId}|${d.number}`);
        expect(new Set(numbers).size).toBe(numbers.length);
        // Registers have no holes: per register the numbers are exactly 1..n.
        const byRegister = new Map<string, number[]>();
        for (const d of docs) byRegister.set(d.registerId, [...(byRegister.get(d.registerId) ?? []), d.seq]);
        for (const seqs of byRegister.values()) expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));

        const events = (await m.find(InstanceEvent, { order: { id: 'ASC' } })).map((e) => ({ instanceId: e.instanceId, event: e.payload as ProcedureEvent }));
        const once = (type: string, key: (e: ProcedureEvent) => string) => {
          const keys = events.filter((e) => e.event.type === type).map((e) => `${e.instanceId}|${key(e.event)}`);
          expect(new Set(keys).size).toBe(keys.length);
        };
        once('task-submitted', (e) => (e as { taskId: string }).taskId);
        once('effect-completed', (e) => (e as { effectId: string }).effectId);
        once('timer-fired', (e) => (e as { timerId: string }).timerId);
        once('child-reported', (e) => (e as { child: string }).child);
        const notifyRequested = events.filter((e) => e.event.type === 'effect-requested' && (e.event as { name: string }).name === 'notify').length;
        expect(await m.count(EffectRun, { where: { name: 'notify' } })).toBe(notifyRequested);
      } finally {
        await db.drop();
      }
    }, 180_000);
  });
});
