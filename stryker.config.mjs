// @ts-check
/**
 * Mutation testing (`npm run test:mutation`): Stryker changes the code under `mutate` one small
 * edit at a time and runs the unit specs that cover it; a mutant that no spec notices survives.
 * The README's development section says when to run it and what the score is.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'stryker.jest.config.js',
    enableFindRelatedTests: false,
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // Mutants in code that runs once when a module loads would each need the whole suite.
  ignoreStatic: true,
  // The files Stryker instruments are not type-checked by ts-jest (the checker does that).
  disableTypeChecks: '{src,libs}/**/*.ts',
  mutate: [
    'src/auth/**/*.ts',
    'src/config/**/*.ts',
    'libs/conv-file/src/dto/**/*.ts',
    'libs/conv-file/src/redis/dingtalk-redis.connection.ts',
    'libs/conv-file/src/rate-limit/**/*.ts',
    // The call path: targets and orchestration, tokens, transports, errors, retries, filters.
    'libs/conv-file/src/conv-file.service.ts',
    'libs/conv-file/src/call/**/*.ts',
    'libs/conv-file/src/token/**/*.ts',
    'libs/conv-file/src/transport/**/*.ts',
    'libs/conv-file/src/errors/**/*.ts',
    'libs/conv-file/src/retry/**/*.ts',
    'libs/conv-file/src/filters/**/*.ts',
    'libs/conv-file/src/utils/**/*.ts',
    // Event callbacks, telemetry, the endpoint table and request ids.
    'libs/conv-file/src/callback/**/*.ts',
    'libs/conv-file/src/telemetry/**/*.ts',
    'libs/conv-file/src/endpoints/**/*.ts',
    'libs/conv-file/src/request-id/**/*.ts',
    // The REST routes: the request reader, the controllers and their OpenAPI description.
    'libs/conv-file/src/rest/**/*.ts',
    // The options: their resolvers, the providers built from them, and the module's definition.
    'libs/conv-file/src/options/**/*.ts',
    'libs/conv-file/src/conv-file.providers.ts',
    'libs/conv-file/src/conv-file.module-definition.ts',
    // Durable batches: the queue, the worker, the store and their service.
    'libs/conv-file/src/batch/**/*.ts',
    // The sandbox: the simulator every e2e test and the sample app's default run talk to.
    'libs/dingtalk-sandbox/src/**/*.ts',
    '!**/*.spec.ts',
    '!**/index.ts',
    '!**/*.module.ts',
    '!**/*.interface.ts',
    '!**/*.messages.ts',
    // The library's module: forRoot and forRootAsync add the routes' controllers and the batches.
    'libs/conv-file/src/conv-file.module.ts',
  ],
  // The e2e suites, the bench and the consumer apps are not run: only the unit specs (and test/support) are.
  ignorePatterns: [
    '/bench',
    '/scripts',
    '/test/**/*.e2e-spec.ts',
    '/test/consumers',
    '/dist',
    '/libs/*/dist',
    '/reports',
    '/coverage',
  ],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The machine running it is shared: one test runner and one checker at a time.
  concurrency: 1,
  timeoutMS: 10000,
  reporters: ['progress', 'clear-text', 'html'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  // break: below the score reached, so that it can only go up; raise it when the score rises. With
  // batch/ in scope the score fell to 95.70 % (2026-12-01); with its specs, 99.09 % (2026-12-02);
  // with most of the sandbox, 99.45 % (2026-12-02); with all of it, 99.66 % (2026-12-02).
  thresholds: { high: 99.5, low: 99, break: 99 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

export default config;
