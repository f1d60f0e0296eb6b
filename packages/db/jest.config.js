/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.base.js'),
  // Probes Postgres once, before any suite loads, so the Postgres suite can decide to run or skip (test/global-setup.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
};
