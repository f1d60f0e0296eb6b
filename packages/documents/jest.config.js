/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.base.js'),
  // Probes Postgres and Redis once (mandatory with CI=true); the numbering suites need a database, the PDF suite
  // Chromium and pdftotext (test/support/tools.ts says why a suite does not run).
  globalSetup: '<rootDir>/../testing/dist/global-setup.js',
  testTimeout: 60_000,
};
