// Jest settings for packages that load NestJS 12, which ships as ES modules only. Node 20 can require() them, but
// Jest's module loader on Node 20 cannot (it supports require(esm) from Node 24.9), so SWC compiles those packages to
// CommonJS for the tests. SWC's CommonJS output also rewrites `import.meta.url`, which Nest uses with createRequire.
const base = require('./jest.base.js');
const [[, swcTs]] = Object.entries(base.transform);

const ESM_ONLY_PACKAGES = ['@nestjs'];

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  transform: {
    ...base.transform,
    [`/node_modules/(?:${ESM_ONLY_PACKAGES.join('|')})/.+\\.js$`]: ['@swc/jest', { ...swcTs[1], jsc: { ...swcTs[1].jsc, parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(?:${ESM_ONLY_PACKAGES.join('|')})/)`],
};
