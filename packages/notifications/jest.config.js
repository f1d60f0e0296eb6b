/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.base.js'),
  // Probes Postgres once (mandatory with CI=true); the SQLite variant always runs.
  globalSetup: '<rootDir>/../testing/dist/global-setup.js',
  testTimeout: 60_000,
};
