/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.base.js'),
  // Probes Postgres and Redis once (mandatory with CI=true); the Postgres variants say so and skip when it is missing.
  globalSetup: '<rootDir>/../testing/dist/global-setup.js',
  testTimeout: 60_000,
};
