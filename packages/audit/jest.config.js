/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.base.js'),
  // Probes Postgres and Redis once (mandatory with CI=true); suites that need a missing one say so and skip.
  globalSetup: '<rootDir>/../testing/dist/global-setup.js',
  testTimeout: 60_000,
};
