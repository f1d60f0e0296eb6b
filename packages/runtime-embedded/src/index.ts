export * from './queues';
export * from './outbox-relay';
export * from './job-processors';
export * from './effects';
export { EmbeddedRuntime, type AppendedEvents, type EmbeddedRuntimeOptions, type IssueGuidanceInput } from './embedded-runtime';
// What the runtime's callers handle (its clock, the errors it throws, the SQLite write lock it shares): the host
// kernel's, named here too so that a caller of the runtime needs no second import.
export {
  ConcurrencyError,
  DrainTimeoutError,
  DuplicateError,
  NotFoundError,
  RejectedError,
  SimulatedClock,
  SystemClock,
  sqliteWriteLock,
  type Clock,
  type EffectContext,
  type EffectHandler,
} from '@chibo/host';
