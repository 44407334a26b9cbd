/** Unit specs live beside the code (`*.spec.ts`); e2e specs live in `test/` (`*.e2e-spec.ts`). */
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const moduleNameMapper = {
  '^@nest-dingtalk/conv-file$': '<rootDir>/libs/conv-file/src',
  '^@nest-dingtalk/conv-file/(.*)$': '<rootDir>/libs/conv-file/src/$1',
  '^@nest-dingtalk/sandbox$': '<rootDir>/libs/dingtalk-sandbox/src',
  '^@nest-dingtalk/sandbox/(.*)$': '<rootDir>/libs/dingtalk-sandbox/src/$1',
};
/**
 * content-disposition 3 (of @fastify/static, which Swagger UI needs on Fastify) is ES modules
 * only: Node requires it, jest's module system cannot, so jest compiles it to CommonJS.
 */
const ESM_ONLY = 'content-disposition';
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    [`/node_modules/${ESM_ONLY}/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs' }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: [`^(?!.*/node_modules/${ESM_ONLY}/).*/node_modules/`],
  moduleNameMapper,
};

/**
 * The e2e specs that run the sample app (through startTestApp or ChildApp): found by reading
 * them, so that a new one is run on both HTTP platforms without being listed here.
 */
const sampleAppSpecs = readdirSync(join(__dirname, 'test'))
  .filter((name) => name.endsWith('.e2e-spec.ts'))
  .filter((name) =>
    /\b(startTestApp|new ChildApp)\(/.test(readFileSync(join(__dirname, 'test', name), 'utf8')),
  )
  .map((name) => `<rootDir>/test/${name}`);

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/libs', '<rootDir>/src'],
      testRegex: '\\.spec\\.ts$',
    },
    { ...common, displayName: 'e2e', roots: ['<rootDir>/test'], testRegex: '\\.e2e-spec\\.ts$' },
    // The same sample-app specs, with the app on Fastify (HTTP_ADAPTER=fastify).
    {
      ...common,
      displayName: 'e2e-fastify',
      roots: ['<rootDir>/test'],
      testMatch: sampleAppSpecs,
      setupFiles: ['<rootDir>/test/support/fastify-adapter.setup.ts'],
    },
  ],
};
