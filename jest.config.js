/** Unit specs live beside the code (`*.spec.ts`); e2e specs live in `test/` (`*.e2e-spec.ts`). */
const moduleNameMapper = {
  '^@nest-dingtalk/conv-file$': '<rootDir>/libs/conv-file/src',
  '^@nest-dingtalk/conv-file/(.*)$': '<rootDir>/libs/conv-file/src/$1',
  '^@nest-dingtalk/sandbox$': '<rootDir>/libs/dingtalk-sandbox/src',
  '^@nest-dingtalk/sandbox/(.*)$': '<rootDir>/libs/dingtalk-sandbox/src/$1',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper,
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/libs', '<rootDir>/src'],
      testRegex: '\\.spec\\.ts$',
    },
    { ...common, displayName: 'e2e', roots: ['<rootDir>/test'], testRegex: '\\.e2e-spec\\.ts$' },
  ],
};
