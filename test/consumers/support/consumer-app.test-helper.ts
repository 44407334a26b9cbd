import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RunningProcess } from './child-process.test-helper';
import { ROOT, type PackedPackage } from './packed-package.test-helper';

const run = promisify(execFile);

/** A consumer app of test/consumers: a Nest app of its own, installing the packed libraries. */
export interface ConsumerFixture {
  /** Its folder under test/consumers. */
  name: string;
  /** The Nest major it runs: its row of README.md's peer table. */
  nest: number;
  /** Gives the app REDIS_URL, so that the library loads @redis/client (the app depends on it). */
  redis: boolean;
}

/** The fixture's package.json. */
export function fixtureManifest(fixture: ConsumerFixture): {
  type?: string;
  dependencies: Record<string, string>;
} {
  return JSON.parse(
    readFileSync(join(ROOT, 'test', 'consumers', fixture.name, 'package.json'), 'utf8'),
  ) as { type?: string; dependencies: Record<string, string> };
}

/** `name@version` of each package as installed in `folder`, for the log. */
export function installedVersions(folder: string, names: string[]): string {
  return names
    .map((name) => {
      const manifest = join(folder, 'node_modules', name, 'package.json');
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
      return `${name}@${version}`;
    })
    .join(', ');
}

/** npm's settings for the installs: the cache first, no audit or funding requests. */
const NPM_ENV = {
  ...process.env,
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};

/**
 * Copies the fixture into `folder` with the tarballs beside it, then runs README.md's install
 * lines there as they are written (which also installs the app's own dependencies), and builds
 * the app with its own `tsc`. Returns npm's output.
 */
export async function installAndBuild(
  fixture: ConsumerFixture,
  folder: string,
  packages: PackedPackage[],
  installLines: string[],
): Promise<string> {
  if (installLines.length === 0) throw new Error('README.md gives no line that installs a tarball');
  cpSync(join(ROOT, 'test', 'consumers', fixture.name), folder, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
  });
  for (const pkg of packages) copyFileSync(pkg.tarball, join(folder, pkg.filename));
  let npmOutput = '';
  for (const line of installLines) {
    const { stdout, stderr } = await run('bash', ['-c', line], { cwd: folder, env: NPM_ENV });
    npmOutput += `$ ${line}\n${stdout}${stderr}`;
  }
  // Exits non-zero on any missing, invalid or conflicting dependency, peers included.
  await run('npm', ['ls', '--all'], { cwd: folder, env: NPM_ENV, maxBuffer: 16 * 1024 * 1024 });
  await run(join(folder, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
    cwd: folder,
  }).catch((error: Error & { stdout?: string; stderr?: string }) => {
    // tsc reports its errors on stdout, which execFile's error message leaves out.
    throw new Error(
      `${fixture.name} does not compile:\n${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  });
  return npmOutput;
}

/**
 * The sandbox from the app's own node_modules (the sandbox's tarball), imported the way the app
 * imports packages: `require` in a CommonJS app, `import` in an ES-module one.
 */
export async function startSandbox(
  folder: string,
  esm: boolean,
): Promise<[RunningProcess, string]> {
  const script = esm
    ? "import { createDingTalkSandbox } from '@nest-dingtalk/sandbox'; const sandbox = await createDingTalkSandbox(); console.log(`sandbox ${sandbox.url}`); process.once('SIGTERM', () => void sandbox.close());"
    : "const { createDingTalkSandbox } = require('@nest-dingtalk/sandbox'); createDingTalkSandbox().then((sandbox) => { console.log(`sandbox ${sandbox.url}`); process.once('SIGTERM', () => void sandbox.close()); });";
  const sandbox = new RunningProcess(
    process.execPath,
    [...(esm ? ['--input-type=module'] : []), '-e', script],
    { cwd: folder, env: { PATH: process.env.PATH } },
  );
  const [, url] = await sandbox.waitFor(/sandbox (http:\/\/\S+)/);
  return [sandbox, url];
}

/** The built app (`node dist/main.js`) on a free port, with only the variables given. */
export async function startApp(
  folder: string,
  env: Record<string, string>,
): Promise<[RunningProcess, string]> {
  const app = new RunningProcess(process.execPath, ['dist/main.js'], {
    cwd: folder,
    env: { PATH: process.env.PATH, PORT: '0', ...env },
  });
  const [, url] = await app.waitFor(/listening on (http:\/\/\S+)/);
  return [app, url];
}
