/**
 * `npm run test:consumers`: packs the libraries and installs, builds and runs each consumer app
 * of test/consumers (minutes, and npm's cache or the registry). Apart from `npm test`, which
 * tests the sources.
 */
module.exports = {
  rootDir: `${__dirname}/../..`,
  roots: ['<rootDir>/test/consumers'],
  testRegex: '\\.consumer-spec\\.ts$',
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // The consumer apps are built by their own tsc, against their own node_modules.
  modulePathIgnorePatterns: ['<rootDir>/test/consumers/nest[^/]*/'],
  testTimeout: 300_000,
};
