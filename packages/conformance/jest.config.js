/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.base.js'),
  // Probes Postgres and Redis once (mandatory with CI=true); the suite prints why a variant does not run.
  globalSetup: '<rootDir>/../testing/dist/global-setup.js',
  testTimeout: 300_000,
};
