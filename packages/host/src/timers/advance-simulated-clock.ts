import { Timer } from '@chibo/db';
import { In, Not, type DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { writeTransaction } from '../instances/write-transaction';

/** What moving simulated time needs of a host: its read side, its clock, and how it fires a timer and settles. */
export interface SimulatedTimeHost {
  dataSource: DataSource;
  clock: Clock & { set(at: string): void };
  /** Fires one timer of an instance (whatever the instance makes of it). */
  fire(instanceId: string, timerId: string): Promise<void>;
  /** Waits until the consequences of what was fired have been carried out. */
  settle(): Promise<void>;
}

/**
 * Simulated clock only: moves time to `at`, firing every timer due on the way in time order and letting the
 * consequences of each settle before the next. Bounded: each timer row is fired at most once per call, and a row its
 * instance did not close (an instance that had already ended) is closed here as `cancelled`, so the loop ends after at
 * most as many rounds as there are timers — it can never spin.
 */
export async function advanceSimulatedClock(host: SimulatedTimeHost, at: string): Promise<void> {
  if (!host.clock.simulated) throw new Error('advanceTo needs a simulated clock');
  await host.settle();
  const fired = new Set<string>();
  for (;;) {
    const due = await host.dataSource.manager.findOne(Timer, {
      where: { status: 'scheduled', ...(fired.size ? { id: Not(In([...fired])) } : {}) },
      order: { fireAt: 'ASC', id: 'ASC' },
    });
    if (!due || Date.parse(due.fireAt) > Date.parse(at)) break;
    fired.add(due.id);
    if (Date.parse(due.fireAt) > Date.parse(host.clock.now())) host.clock.set(due.fireAt);
    await host.fire(due.instanceId, due.timerId);
    await host.settle();
    await closeIgnoredTimer(host.dataSource, due.id);
  }
  if (Date.parse(at) > Date.parse(host.clock.now())) host.clock.set(at);
}

/** Closes a timer row still `scheduled` after it was fired: its instance took no notice (it had ended). */
export async function closeIgnoredTimer(dataSource: DataSource, timerRowId: string): Promise<void> {
  await writeTransaction(dataSource, (m) => m.update(Timer, { id: timerRowId, status: 'scheduled' }, { status: 'cancelled' }));
}
