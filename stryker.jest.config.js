/**
 * The jest config Stryker runs (`npm run test:mutation`): the `unit` project of jest.config.js on
 * its own, because Stryker's per-test coverage needs a single jest project.
 *
 * Without optional-peers.spec.ts: it loads the library's modules afresh inside its tests, so
 * Stryker counts their module-level code (constants, decorators) as covered by those tests
 * alone and tests its mutants with them only, where nothing checks them. Without it, those
 * mutants are static ones, which the config ignores (`ignoreStatic`).
 */
const { projects } = require('./jest.config.js');

const { displayName, ...unit } = projects.find((project) => project.displayName === 'unit');

module.exports = {
  ...unit,
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/libs/conv-file/src/optional-peers\\.spec\\.ts$',
  ],
};
