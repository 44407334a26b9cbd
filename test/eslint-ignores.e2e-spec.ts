import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..');

/**
 * Asks ESLint, with the repository's eslint.config.mjs, which of `paths` it ignores. In a child
 * process: the config is an ES module, which jest's module system cannot import.
 */
async function ignoredByLint(paths: string[]): Promise<Record<string, boolean>> {
  const script = [
    "const { ESLint } = require('eslint');",
    'const eslint = new ESLint();',
    'const paths = process.argv.slice(1);',
    'Promise.all(paths.map((path) => eslint.isPathIgnored(path)))',
    '  .then((ignored) => process.stdout.write(JSON.stringify(ignored)));',
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, ...paths], {
    cwd: ROOT,
  });
  const ignored = JSON.parse(stdout) as boolean[];
  return Object.fromEntries(paths.map((path, index) => [path, ignored[index]]));
}

/** ESLint starts in a child process and loads typescript-eslint: seconds on a busy 2-core machine. */
const ESLINT_START_MS = 30_000;

describe('npm run lint', () => {
  it(
    "ignores build output, the libraries' dist/ folders (npm run build:libs) included",
    async () => {
      const ignored = await ignoredByLint([
        'libs/conv-file/dist/esm/index.d.ts',
        'libs/dingtalk-sandbox/dist/sandbox.server.js',
        'dist/src/main.js',
        'libs/conv-file/src/index.ts',
        'src/main.ts',
      ]);

      expect(ignored).toEqual({
        'libs/conv-file/dist/esm/index.d.ts': true,
        'libs/dingtalk-sandbox/dist/sandbox.server.js': true,
        'dist/src/main.js': true,
        'libs/conv-file/src/index.ts': false,
        'src/main.ts': false,
      });
    },
    ESLINT_START_MS,
  );

  it(
    'leaves the consumer apps to their own tsc, and lints the matrix that runs them',
    async () => {
      const ignored = await ignoredByLint([
        'test/consumers/nest12-esm-express/src/main.ts',
        'test/consumers/consumer-apps.consumer-spec.ts',
      ]);

      expect(ignored).toEqual({
        'test/consumers/nest12-esm-express/src/main.ts': true,
        'test/consumers/consumer-apps.consumer-spec.ts': false,
      });
    },
    ESLINT_START_MS,
  );
});
