/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.nest.js'),
  // Probes Postgres and Redis once (mandatory with CI=true), so each integration suite knows whether its Postgres
  // variant runs and whether the engine suites (BullMQ on Redis) can (test/global-setup.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  // The engine suites drive procedures over HTTP in their beforeAll hooks (guidance, plan, draft, session…); in CI they
  // share two cores with every other package's suites (the random-scenario sample among them).
  testTimeout: 90_000,
};
