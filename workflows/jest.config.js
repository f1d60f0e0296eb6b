/** @type {import('jest').Config} */
module.exports = {
  ...require('../jest.base.js'),
  // The glue runs whole guidances (hundreds of cells) on the workflow double: under CI, where every package's tests
  // share two cores, Jest's 5 s default is too short for them.
  testTimeout: 30_000,
};
