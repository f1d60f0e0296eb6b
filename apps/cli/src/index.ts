export * from './seed-organisation';
export * from './demo';
export { runScenarioFile, runYearFile, isYearScenarioFile, type ScenarioResult, type YearResult, type RunScenarioOptions } from './scenario/run-scenario';
export { formatResult } from './scenario/report';
export * from './scenario/scenario-users';
export { startInProcessWorker, temporalServerFor } from './temporal-host';
