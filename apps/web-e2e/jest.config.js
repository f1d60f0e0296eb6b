/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.nest.js'),
  // Probes Postgres and Redis once (mandatory with CI=true): the app under test runs the embedded runtime on Redis.
  globalSetup: '<rootDir>/../../packages/testing/dist/global-setup.js',
  testMatch: ['<rootDir>/test/**/*.browser-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
  // One scenario walked through the pages by a dozen people in real Chromium.
  testTimeout: 600_000,
};
