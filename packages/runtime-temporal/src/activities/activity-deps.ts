import type { StepRegistry } from '@chibo/procedure';
import type { AppendedEvents, EffectHandler, HostHooks } from '@chibo/host';
import type { DataSource, EntityManager } from 'typeorm';

/** What the activities are built with (injected, as in the samples' activities-dependency-injection). */
export interface ActivityDeps {
  dataSource: DataSource;
  registry: StepRegistry;
  /** The Node-side effects by name; default the embedded runtime's (the same code for both engines). */
  effects?: readonly EffectHandler[];
  /**
   * Called inside the projection transaction with the events just written (the embedded runtime's `onEvents`): the
   * audit log chains them here, so an event and its audit entry commit together whichever engine ran.
   */
  onEvents?: (manager: EntityManager, appended: AppendedEvents) => Promise<void>;
  /** The embedded runtime's `sealReport` hook: what a report becomes on its way to the parent (audit checkpoint). */
  sealReport?: HostHooks['sealReport'];
}
