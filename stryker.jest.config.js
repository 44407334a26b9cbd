/**
 * The jest config Stryker runs (`npm run test:mutation`): the `unit` project of jest.config.js on
 * its own, because Stryker's per-test coverage needs a single jest project.
 */
const { projects } = require('./jest.config.js');

const { displayName, ...unit } = projects.find((project) => project.displayName === 'unit');

module.exports = unit;
