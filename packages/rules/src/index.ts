// Public API of @chibo/rules: pure, deterministic domain rules. Internal helpers (parse-time, absence-index) stay private.
export * from './issue';
export * from './time';
export * from './attendance';
export * from './quality';
export * from './vote';
export * from './rubrics';
export * from './numbering';
export * from './rotation';
export * from './findings';
export * from './manifestations';
export * from './year';
export * from './score-sheet';
