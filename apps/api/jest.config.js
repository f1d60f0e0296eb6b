/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.nest.js'),
  // Probes Postgres once, so each integration suite knows whether its Postgres variant runs (test/global-setup.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
};
