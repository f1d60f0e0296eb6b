/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.base.js'),
  // Probes Postgres once, before any suite loads, so the Postgres suite can decide to run or skip (test/global-setup.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  // Running every migration on Postgres takes well under a second alone, but several seconds while the whole
  // monorepo's suites (browsers printing PDFs among them) share the machine: the default 5 s is too tight.
  testTimeout: 30_000,
};
