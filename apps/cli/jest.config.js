/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.nest.js'),
  // Probes Postgres and Redis once (mandatory with CI=true); suites that need a missing one say so and skip.
  globalSetup: '<rootDir>/../../packages/testing/dist/global-setup.js',
  testTimeout: 120_000,
};
